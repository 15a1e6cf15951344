namespace SparkOperator.Submission;

/// <summary>
/// The operator-wide Ingress for Spark UIs (settings <c>SparkUi:Ingress:*</c>), set by whoever
/// installs the operator. Host and path are templates over the application's name and namespace,
/// so a tenant can never pick a host: each application gets its own, and no two namespaces can
/// produce the same one (checked at start, see SparkUiConfiguration).
/// </summary>
public sealed record SparkUiOptions
{
    public const string Section = "SparkUi:Ingress";
    public const string NamePlaceholder = "{name}";
    public const string NamespacePlaceholder = "{namespace}";

    /// <summary>Host template, e.g. <c>{name}.{namespace}.spark.example.com</c>; null: no Ingress.</summary>
    public string? Host { get; init; }

    /// <summary>Path template, e.g. <c>/spark/{namespace}/{name}</c>; <c>/</c> serves the UI at the host's root.</summary>
    public string Path { get; init; } = "/";

    /// <summary>spec.ingressClassName of every UI Ingress; null: the cluster's default class.</summary>
    public string? ClassName { get; init; }

    /// <summary>A TLS Secret in each application's namespace (e.g. a wildcard certificate); set, URLs are https.</summary>
    public string? TlsSecretName { get; init; }

    /// <summary>Annotations of every UI Ingress (authentication, prefix stripping for the ingress controller).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>True when the administrator offers an Ingress.</summary>
    public bool IngressConfigured => Host is not null;

    /// <summary>True when the UI is served under a path, so Spark must prefix its links.</summary>
    public bool UnderPath => Path.TrimEnd('/').Length > 0;

    public string Scheme => TlsSecretName is null ? "http" : "https";

    /// <summary>No Ingress.</summary>
    public static SparkUiOptions Default { get; } = new();

    /// <summary>A template filled for one application.</summary>
    public static string Fill(string template, string name, string ns) =>
        template.Replace(NamePlaceholder, name, StringComparison.Ordinal).Replace(NamespacePlaceholder, ns, StringComparison.Ordinal);
}
