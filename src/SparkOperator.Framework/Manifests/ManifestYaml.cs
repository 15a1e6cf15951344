using k8s;

namespace SparkOperator.Framework.Manifests;

/// <summary>Serialises Kubernetes objects into one deterministic multi-document YAML text.</summary>
public static class ManifestYaml
{
    /// <summary>
    /// The objects as YAML documents separated by <c>---</c>, LF line ends, after optional comment lines.
    /// </summary>
    /// <param name="objects">KubernetesClient models (or anything <see cref="KubernetesYaml"/> serialises).</param>
    /// <param name="header">Comment lines put first, without the <c>#</c>; null for none.</param>
    public static string Serialize(IEnumerable<object> objects, IEnumerable<string>? header = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var comments = (header ?? []).Select(line => line.Length == 0 ? "#\n" : $"# {line}\n");
        var documents = objects.Select(o => SafeYaml.Serialize(o).TrimEnd('\n') + "\n");
        return string.Concat(comments) + string.Join("---\n", documents);
    }

    /// <summary>The text with CRLF and CR line ends turned into LF.</summary>
    public static string Lf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }
}
