using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Validation;

namespace SparkOperator.Hosting;

/// <summary>
/// The admission webhook in the operator's host: HTTPS on <c>Webhook:Port</c> with the certificate
/// from <c>Webhook:CertificateDirectory</c> (reloaded on renewal) or, with
/// <c>Webhook:DevelopmentCertificate=true</c>, a throw-away CA made at startup; probes and metrics on
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

    /// <summary>Names the development certificate is valid for, besides 127.0.0.1, ::1 and localhost.</summary>
    public static IReadOnlyList<string> ServiceDnsNames { get; } =
    [
        OperatorDefaults.WebhookServiceName,
        $"{OperatorDefaults.WebhookServiceName}.{OperatorDefaults.Namespace}",
        $"{OperatorDefaults.WebhookServiceName}.{OperatorDefaults.Namespace}.svc",
        $"{OperatorDefaults.WebhookServiceName}.{OperatorDefaults.Namespace}.svc.cluster.local",
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
        else
        {
            var directory = configuration.GetValue(CertificateDirectoryKey, OperatorDefaults.WebhookCertificateDirectory)!;
            var interval = TimeSpan.FromSeconds(configuration.GetValue(CertificateCheckIntervalKey, 10.0));
            builder.Services.AddSingleton<IServerCertificateSource>(services =>
                new CertificateFileSource(directory, interval, services.GetRequiredService<ILogger<CertificateFileSource>>()));
        }

        var budget = configuration.GetValue(ReviewBudgetKey, AdmissionWebhookOptions.DefaultReviewBudget.TotalSeconds);
        builder.Services.AddAdmissionWebhooks(new AdmissionWebhookOptions { ReviewBudget = TimeSpan.FromSeconds(budget) });
        builder.Services.AddSingleton<IAdmissionValidator<SparkApplication>, SparkApplicationAdmissionValidator>();
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

        // Resolved now so that a missing or broken certificate mount stops the host at startup.
        if (app.Services.GetRequiredService<IServerCertificateSource>() is DevelopmentCertificateAuthority ca)
        {
            app.Logger.LogWarning(
                "Webhook serves a development certificate. Register the webhook with caBundle: {CaBundle}\n{CaPem}",
                ca.CaBundle, ca.CaPem);
        }

        app.MapValidatingWebhook<SparkApplication>(OperatorDefaults.ValidateSparkApplicationPath);
        return app;
    }
}
