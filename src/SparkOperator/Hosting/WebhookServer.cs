using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Framework.Webhooks.Certificates;
using SparkOperator.Policy;
using SparkOperator.Validation;

namespace SparkOperator.Hosting;

/// <summary>
/// The admission webhook in the operator's host: HTTPS on <c>Webhook:Port</c> with the certificate
/// of Secret <c>Webhook:CertificateSecret</c>, which the leader makes and renews unless
/// <c>Webhook:ManageCertificate=false</c> (<see cref="WebhookCertificateConfiguration"/>); or from
/// <c>Webhook:CertificateDirectory</c> when that is set (reloaded on renewal); or, with
/// <c>Webhook:DevelopmentCertificate=true</c>, a throw-away CA made at startup. Probes and metrics on
/// plain HTTP <c>Http:Port</c>. Port 0 picks a free port (tests read the bound addresses).
/// <c>Webhook:ReviewBudgetSeconds</c> bounds the time one review may spend on its object
/// (<see cref="AdmissionWebhookOptions.ReviewBudget"/>); keep it well below the registration's timeoutSeconds.
/// </summary>
public static class WebhookServer
{
    public const string PortKey = "Webhook:Port";
    public const string CertificateDirectoryKey = "Webhook:CertificateDirectory";
    public const string DevelopmentCertificateKey = "Webhook:DevelopmentCertificate";
    public const string CertificateCheckIntervalKey = "Webhook:CertificateCheckIntervalSeconds";
    public const string ReviewBudgetKey = "Webhook:ReviewBudgetSeconds";
    public const string HttpPortKey = "Http:Port";

    /// <summary>Names of the webhook Service in the generated install's namespace (the development certificate covers them too).</summary>
    public static IReadOnlyList<string> ServiceDnsNames { get; } = ServiceDnsNamesIn(OperatorDefaults.Namespace);

    /// <summary>The names the API server may reach the webhook Service by, in namespace <paramref name="ns"/>.</summary>
    public static IReadOnlyList<string> ServiceDnsNamesIn(string ns) =>
    [
        OperatorDefaults.WebhookServiceName,
        $"{OperatorDefaults.WebhookServiceName}.{ns}",
        $"{OperatorDefaults.WebhookServiceName}.{ns}.svc",
        $"{OperatorDefaults.WebhookServiceName}.{ns}.svc.cluster.local",
    ];

    public static WebApplicationBuilder AddWebhookServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var webhookPort = configuration.GetValue(PortKey, OperatorDefaults.WebhookPort);
        var httpPort = configuration.GetValue(HttpPortKey, OperatorDefaults.HttpPort);
        if (configuration.GetValue(DevelopmentCertificateKey, defaultValue: false))
        {
            builder.Services.AddSingleton(_ => DevelopmentCertificateAuthority.Create(ServiceDnsNames));
            builder.Services.AddSingleton<IServerCertificateSource>(services => services.GetRequiredService<DevelopmentCertificateAuthority>());
        }
        else if (configuration[CertificateDirectoryKey] is { Length: > 0 } directory)
        {
            var interval = TimeSpan.FromSeconds(configuration.GetValue(CertificateCheckIntervalKey, 10.0));
            builder.Services.AddSingleton<IServerCertificateSource>(services =>
                new CertificateFileSource(directory, interval, services.GetRequiredService<ILogger<CertificateFileSource>>()));
        }
        else
        {
            // Every replica serves from the Secret; the leader (a replica running the controllers) keeps it.
            var rotate = WebhookCertificateConfiguration.Manage(configuration) && SparkOperatorServices.ControllersEnabled(configuration);
            builder.Services.AddWebhookCertificateFromSecret(WebhookCertificateConfiguration.Read(configuration), rotate);
        }

        var budget = configuration.GetValue(ReviewBudgetKey, AdmissionWebhookOptions.DefaultReviewBudget.TotalSeconds);
        builder.Services.AddAdmissionWebhooks(new AdmissionWebhookOptions { ReviewBudget = TimeSpan.FromSeconds(budget) });
        builder.Services.AddSingleton<IAdmissionValidator<SparkApplication>>(sp => new SparkApplicationAdmissionValidator(sp.GetService<PodPolicy>() ?? PodPolicy.Default));
        builder.Services.AddSingleton<IAdmissionValidator<SparkHistoryServer>>(sp => new SparkHistoryServerAdmissionValidator(sp.GetService<PodPolicy>() ?? PodPolicy.Default));
        builder.Services.AddSingleton<IAdmissionValidator<ScheduledSparkApplication>>(sp => new ScheduledSparkApplicationAdmissionValidator(sp.GetService<PodPolicy>() ?? PodPolicy.Default));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ValidatingWebhookEndpoint.MaxRequestBodyBytes;
            kestrel.ListenAnyIP(httpPort);
            kestrel.ListenAnyIP(webhookPort, listen =>
                listen.UseServerCertificateSource(kestrel.ApplicationServices.GetRequiredService<IServerCertificateSource>()));
        });
        return builder;
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolved now so that a missing or broken certificate directory stops the host at startup.
        if (app.Services.GetRequiredService<IServerCertificateSource>() is DevelopmentCertificateAuthority ca)
        {
            app.Logger.LogWarning(
                "Webhook serves a development certificate. Register the webhook with caBundle: {CaBundle}\n{CaPem}",
                ca.CaBundle, ca.CaPem);
        }

        app.MapValidatingWebhook<SparkApplication>(OperatorDefaults.ValidateSparkApplicationPath);
        app.MapValidatingWebhook<SparkHistoryServer>(OperatorDefaults.ValidateSparkHistoryServerPath);
        app.MapValidatingWebhook<ScheduledSparkApplication>(OperatorDefaults.ValidateScheduledSparkApplicationPath);
        return app;
    }
}
