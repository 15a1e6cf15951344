using SparkOperator.Submission;
using SparkOperator.Validation;

namespace SparkOperator.Hosting;

/// <summary>
/// Reads the Spark UI Ingress settings (<c>SparkUi:Ingress:Host</c>, <c>Path</c>, <c>ClassName</c>,
/// <c>TlsSecretName</c>, <c>Annotations:KEY</c>) and stops the operator at start when they could give
/// two applications the same address. Host and path together must hold <c>{name}</c> and
/// <c>{namespace}</c> once each, each a whole DNS label of the host or a whole segment of the path:
/// a namespace has no dots and no name has a slash, so then every filled address reads back to
/// exactly one (namespace, name), and no tenant can claim another namespace's address.
/// </summary>
internal static class SparkUiConfiguration
{
    private const string HostKey = SparkUiOptions.Section + ":Host";
    private const string PathKey = SparkUiOptions.Section + ":Path";

    public static SparkUiOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SparkUiOptions.Section);
        var host = Trimmed(section["Host"]);
        if (host is null)
        {
            return SparkUiOptions.Default;
        }

        var path = Trimmed(section["Path"]) ?? SparkUiOptions.Default.Path;
        CheckHost(host);
        CheckPath(path);
        CheckPlaceholders(host, path);
        return new SparkUiOptions
        {
            Host = host,
            Path = path,
            ClassName = Name(section, "ClassName", "an IngressClass name"),
            TlsSecretName = Name(section, "TlsSecretName", "a Secret name"),
            Annotations = section.GetSection("Annotations").GetChildren()
                .Where(c => c.Value is not null)
                .ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal),
        };
    }

    private static void CheckHost(string host)
    {
        // The longest name and namespace a label can hold, filled in: the host must stay a DNS name.
        var longest = SparkUiOptions.Fill(host, new string('n', KubernetesNames.MaxLabelLength), new string('s', KubernetesNames.MaxLabelLength));
        if (!KubernetesNames.IsDns1123Subdomain(longest) || longest.Split('.').Any(l => l.Length > KubernetesNames.MaxLabelLength))
        {
            throw Invalid(HostKey, host, "a DNS name with {name} and {namespace} as whole labels, e.g. {name}.{namespace}.spark.example.com, that stays within 253 characters for a 63-character name and namespace");
        }
    }

    private static void CheckPath(string path)
    {
        var filled = SparkUiOptions.Fill(path, "n", "s");
        if (!filled.StartsWith('/') || filled.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}' or '?' or '#' or '%'))
        {
            throw Invalid(PathKey, path, "an absolute path such as /spark/{namespace}/{name}, or / for the host's root");
        }
    }

    private static void CheckPlaceholders(string host, string path)
    {
        foreach (var placeholder in new[] { SparkUiOptions.NamePlaceholder, SparkUiOptions.NamespacePlaceholder })
        {
            var inHost = Whole(host, placeholder, '.');
            var inPath = Whole(path, placeholder, '/');
            if (inHost + inPath != 1 || Count(host, placeholder) + Count(path, placeholder) != 1)
            {
                throw Invalid(
                    $"{HostKey} and {PathKey}",
                    $"{host}' and '{path}",
                    $"a pair holding {placeholder} exactly once, as a whole label of the host or a whole segment of the path, so that no two applications share an address");
            }
        }
    }

    // How often the placeholder stands alone between separators (or the template's ends).
    private static int Whole(string template, string placeholder, char separator) =>
        template.Split(separator).Count(part => part == placeholder);

    private static int Count(string template, string placeholder) =>
        (template.Length - template.Replace(placeholder, "", StringComparison.Ordinal).Length) / placeholder.Length;

    private static string? Name(IConfigurationSection section, string key, string what)
    {
        var value = Trimmed(section[key]);
        if (value is not null && !KubernetesNames.IsDns1123Subdomain(value))
        {
            throw Invalid($"{section.Path}:{key}", value, what);
        }

        return value;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static InvalidOperationException Invalid(string setting, string value, string expected) =>
        new($"Setting {setting} is '{value}', not {expected}.");
}
