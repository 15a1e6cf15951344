namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>What one round of the <see cref="CertificateRotator"/> did.</summary>
public enum RotationOutcome
{
    /// <summary>The Secret is valid and every webhook trusts its CA: nothing to do.</summary>
    Unchanged,

    /// <summary>The Secret is valid; a caBundle lacked its CA and was patched.</summary>
    Repaired,

    /// <summary>A new CA and certificate were trusted in the caBundles, then written to the Secret.</summary>
    Rotated,

    /// <summary>Another writer changed the Secret first (409); it is read again next round.</summary>
    Conflict,

    /// <summary>The ValidatingWebhookConfiguration does not exist: nothing to patch (it is not recreated).</summary>
    ConfigurationMissing,

    /// <summary>An API call failed; the round is retried at the next interval.</summary>
    Failed,
}
