using SparkOperator.Framework.Telemetry;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Leadership;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>Registers a webhook certificate served from a Secret, optionally managed by the operator.</summary>
public static class WebhookCertificateServiceCollectionExtensions
{
    /// <summary>Tag of the readiness check this adds.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Serves the webhook from Secret <paramref name="options"/> (<see cref="SecretCertificateSource"/>
    /// as the <see cref="IServerCertificateSource"/>, with a health check tagged <see cref="ReadyTag"/>).
    /// With <paramref name="rotate"/>, the leader also makes and renews it (<see cref="CertificateRotator"/>);
    /// that needs leader election, i.e. <c>AddOperator</c>. Without, something else (cert-manager) writes the Secret.
    /// </summary>
    public static IServiceCollection AddWebhookCertificateFromSecret(this IServiceCollection services, WebhookCertificateOptions options, bool rotate)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(_ => KubernetesClientFactory.Create(KubernetesClientConfiguration.BuildDefaultConfig()));
        services.AddSingleton(sp => new SecretCertificateSource(
            sp.GetRequiredService<IKubernetes>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SecretCertificateSource>>()));
        services.AddSingleton<IServerCertificateSource>(sp => sp.GetRequiredService<SecretCertificateSource>());
        services.AddHostedService(sp => sp.GetRequiredService<SecretCertificateSource>());
        services.AddHealthChecks().AddCheck<CertificateLoadedHealthCheck>(CertificateLoadedHealthCheck.Name, tags: [ReadyTag]);
        if (rotate)
        {
            services.AddFrameworkMetrics();
            services.AddSingleton(sp => new CertificateRotator(
                sp.GetRequiredService<IKubernetes>(),
                sp.GetService<ILeadership>() ?? throw new InvalidOperationException("Managing the webhook certificate needs leader election: call AddOperator first."),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<CertificateRotator>>(),
                sp.GetRequiredService<FrameworkMetrics>()));
            services.AddHostedService(sp => sp.GetRequiredService<CertificateRotator>());
        }

        return services;
    }
}
