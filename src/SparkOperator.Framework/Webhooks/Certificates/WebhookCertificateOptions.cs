namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>Where the webhook's certificate lives, what it covers, and how often it is looked at.</summary>
public sealed record WebhookCertificateOptions
{
    /// <summary>Namespace of the Secret (the operator's own).</summary>
    public required string SecretNamespace { get; init; }

    /// <summary>Name of the <c>kubernetes.io/tls</c> Secret every replica serves from.</summary>
    public required string SecretName { get; init; }

    /// <summary>DNS names (and IP addresses) the serving certificate must cover: how the API server reaches the webhook.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>The ValidatingWebhookConfiguration whose webhooks' caBundles the rotator keeps; null: none.</summary>
    public string? ConfigurationName { get; init; }

    /// <summary>Lifetimes and renewal window of what the rotator issues.</summary>
    public CertificateLifetimes Lifetimes { get; init; } = CertificateLifetimes.Default;

    /// <summary>How often the leader checks the Secret and the caBundles.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every replica reads the Secret for a new certificate.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the rotator waits between trusting a new CA in the caBundle and writing the Secret
    /// that replicas will serve from: the API server learns of the caBundle through its own watch.
    /// </summary>
    public TimeSpan CaBundlePropagation { get; init; } = TimeSpan.FromSeconds(2);
}
