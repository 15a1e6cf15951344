using SparkOperator.Framework.Webhooks.Certificates;
using SparkOperator.Manifests;

namespace SparkOperator.Hosting;

/// <summary>
/// Reads where the webhook's certificate Secret is and how the operator manages it. The Secret is
/// in the operator's namespace (<c>POD_NAMESPACE</c>); the certificate covers the webhook Service's
/// names in that namespace, plus <c>Webhook:CertificateExtraNames</c> (comma-separated DNS names or
/// IP addresses, e.g. 127.0.0.1 for a webhook registered by URL on loopback).
/// </summary>
public static class WebhookCertificateConfiguration
{
    public const string SecretKey = "Webhook:CertificateSecret";
    public const string ManageKey = "Webhook:ManageCertificate";
    public const string ConfigurationNameKey = "Webhook:ConfigurationName";
    public const string ExtraNamesKey = "Webhook:CertificateExtraNames";
    public const string CaLifetimeKey = "Webhook:CaLifetime";
    public const string CertificateLifetimeKey = "Webhook:CertificateLifetime";
    public const string RenewBeforeKey = "Webhook:CertificateRenewBefore";
    public const string RotationCheckIntervalKey = "Webhook:RotationCheckInterval";
    public const string ReloadIntervalKey = "Webhook:CertificateReloadInterval";
    public const string CaBundlePropagationKey = "Webhook:CaBundlePropagation";

    /// <summary>True unless <c>Webhook:ManageCertificate=false</c> (cert-manager owns the Secret and the caBundle).</summary>
    public static bool Manage(IConfiguration configuration) => configuration.GetValue(ManageKey, true);

    public static WebhookCertificateOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ns = configuration["POD_NAMESPACE"] is { Length: > 0 } podNamespace ? podNamespace : OperatorDefaults.Namespace;
        var extra = (configuration[ExtraNamesKey] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var defaults = new WebhookCertificateOptions { SecretNamespace = ns, SecretName = string.Empty, Names = [] };
        var renewBefore = configuration[RenewBeforeKey] is { Length: > 0 } ? configuration.GetValue<TimeSpan>(RenewBeforeKey) : (TimeSpan?)null;
        return defaults with
        {
            SecretName = configuration[SecretKey] ?? OperatorDefaults.WebhookCertificateSecret,
            Names = [.. WebhookServer.ServiceDnsNamesIn(ns), .. extra],
            ConfigurationName = configuration[ConfigurationNameKey] ?? WebhookManifests.ConfigurationName,
            Lifetimes = new CertificateLifetimes
            {
                Ca = configuration.GetValue(CaLifetimeKey, CertificateLifetimes.DefaultLifetime),
                Certificate = configuration.GetValue(CertificateLifetimeKey, CertificateLifetimes.DefaultLifetime),
                RenewBefore = renewBefore,
            },
            CheckInterval = configuration.GetValue(RotationCheckIntervalKey, defaults.CheckInterval),
            ReloadInterval = configuration.GetValue(ReloadIntervalKey, defaults.ReloadInterval),
            CaBundlePropagation = configuration.GetValue(CaBundlePropagationKey, defaults.CaBundlePropagation),
        };
    }
}
