using System.Text.RegularExpressions;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Validation;

/// <summary>Kubernetes name syntax, as the API server checks it; every length is checked before its pattern.</summary>
internal static class KubernetesNames
{
    /// <summary>Longest RFC 1123 label, label value, or name part of a qualified name (the API server's limit).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Longest RFC 1123 subdomain (the API server's limit).</summary>
    public const int MaxSubdomainLength = 253;

    /// <summary>Longest label or annotation key: a subdomain prefix, '/' and a name.</summary>
    public const int MaxQualifiedNameLength = MaxSubdomainLength + 1 + MaxLabelLength;

    private static readonly Regex Label = LinearRegex.Create("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private static readonly Regex Subdomain = LinearRegex.Create("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    private static readonly Regex QualifiedNamePart = LinearRegex.Create("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");

    /// <summary>RFC 1123 label: lower-case alphanumerics and '-', at most 63 characters (volume names).</summary>
    public static bool IsDns1123Label(string? name) => name is { Length: > 0 and <= MaxLabelLength } && Label.IsMatch(name);

    /// <summary>RFC 1123 subdomain: labels joined by '.', at most 253 characters (object names).</summary>
    public static bool IsDns1123Subdomain(string? name) => name is { Length: > 0 and <= MaxSubdomainLength } && Subdomain.IsMatch(name);

    /// <summary>A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static bool IsQualifiedName(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxQualifiedNameLength)
        {
            return false;
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        return (slash < 0 || IsDns1123Subdomain(key[..slash]))
            && name.Length is > 0 and <= MaxLabelLength
            && QualifiedNamePart.IsMatch(name);
    }

    /// <summary>A label value: empty, or at most 63 alphanumerics, '-', '_' and '.' starting and ending alphanumeric.</summary>
    public static bool IsLabelValue(string? value) => value is not null && (value.Length == 0 || (value.Length <= MaxLabelLength && QualifiedNamePart.IsMatch(value)));

    /// <summary>A resource name with a domain prefix, like nvidia.com/gpu.</summary>
    public static bool IsExtendedResourceName(string? name) =>
        name is not null && name.Contains('/', StringComparison.Ordinal) && IsQualifiedName(name) && !name.StartsWith("kubernetes.io/", StringComparison.Ordinal);
}
