using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using SparkOperator.Framework.Webhooks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SparkOperator.Framework.Manifests;

/// <summary>
/// Writes Kubernetes objects as YAML that every reader takes back as the same JSON: the API server
/// and kubectl (YAML 1.1 rules: <c>0x10</c>, <c>1_000</c>, <c>12:30</c>, <c>yes</c>, <c>on</c> are not
/// strings), Spark's fabric8 client (SnakeYAML) and YAML 1.2 readers. <c>KubernetesYaml</c> quotes only
/// the YAML 1.2 core forms, so a string such as <c>0x1000000</c> came back as a number and the API
/// server refused the object. Goes through <c>KubernetesJson</c>, so every model converter applies.
/// </summary>
public static class SafeYaml
{
    private static readonly Regex NumberLike = LinearRegex.Create(@"^[-+]?([0-9]|\.[0-9]|\.(inf|Inf|INF|nan|NaN|NAN)$)");

    // A Kubernetes quantity with a unit is no number or timestamp in any YAML: left plain for readability.
    private static readonly Regex Quantity = LinearRegex.Create("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)$");

    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "~", "null", "true", "false", "y", "n", "yes", "no", "on", "off", ".inf", ".nan", "<<", "=",
    };

    /// <summary>One object as a YAML document (no <c>---</c>), LF line ends.</summary>
    public static string Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var json = JsonNode.Parse(KubernetesJson.Serialize(value));
        var stream = new YamlStream(new YamlDocument(ToYaml(json)));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = ManifestYaml.Lf(writer.ToString());

        // YamlStream ends a document with "...": a single document needs no end marker.
        return text.EndsWith("\n...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>Whether a plain <paramref name="text"/> could be read back as something other than that string.</summary>
    public static bool NeedsQuotes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 || Words.Contains(text) || (NumberLike.IsMatch(text) && !Quantity.IsMatch(text));
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        JsonObject o => new YamlMappingNode(Ordered(o).Select(p => new KeyValuePair<YamlNode, YamlNode>(Scalar(p.Key), ToYaml(p.Value)))),
        JsonArray a => new YamlSequenceNode(a.Select(ToYaml)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        JsonValue v => new YamlScalarNode(v.ToJsonString()) { Style = ScalarStyle.Plain },
        _ => throw new InvalidOperationException($"Unexpected JSON node {node.GetType().Name}"),
    };

    /// <summary>An object's apiVersion, kind and metadata first, as kubectl shows them; the rest in model order.</summary>
    private static IEnumerable<KeyValuePair<string, JsonNode?>> Ordered(JsonObject o) =>
        o.OrderBy(p => p.Key switch { "apiVersion" => 0, "kind" => 1, "metadata" => 2, _ => 3 });

    // Several lines read best as a literal block; the emitter falls back to quotes where one cannot hold them.
    private static YamlScalarNode Scalar(string text) =>
        new(text) { Style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.Any };
}
