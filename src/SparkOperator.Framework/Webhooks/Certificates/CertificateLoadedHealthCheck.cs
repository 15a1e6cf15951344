using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>
/// Unhealthy until the replica serves a certificate: a replica without one would fail every
/// handshake, so the Service must not send it the API server's calls. A readiness check only: the
/// certificate comes later than the process (the leader makes it), which is no reason to restart.
/// </summary>
public sealed class CertificateLoadedHealthCheck(SecretCertificateSource source) : IHealthCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "webhook-certificate";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(source.IsLoaded
            ? HealthCheckResult.Healthy("a webhook certificate is served")
            : HealthCheckResult.Unhealthy("no webhook certificate yet: the Secret is missing or invalid"));
}
