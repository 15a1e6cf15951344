using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SparkOperator.Framework.Webhooks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SparkOperator.Framework.Manifests;

/// <summary>
/// Reads multi-document YAML into JSON nodes the way kubectl does (sigs.k8s.io/yaml): plain scalars
/// resolve to null, booleans (including YAML 1.1 yes/no/on/off), integers and floats; quoted and
/// block scalars stay strings. Going through JSON lets <c>KubernetesJson</c> deserialise entities
/// with all its converters and naming rules (e.g. <c>JsonStringEnumMemberName</c>), which
/// <c>KubernetesYaml</c> does not fully honour.
/// </summary>
public static class YamlJson
{
    /// <summary>The non-empty documents of <paramref name="yaml"/>, in order.</summary>
    /// <exception cref="FormatException">The text is not valid YAML.</exception>
    public static IReadOnlyList<JsonNode> ReadDocuments(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"Invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        return stream.Documents
            .Select(d => ToJson(d.RootNode))
            .OfType<JsonNode>()
            .ToList();
    }

    /// <summary>One YAML node as JSON; null for a null scalar.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Object(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException($"Unsupported YAML node at line {node.Start.Line}."),
    };

    private static JsonObject Object(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode { Value: { } k } ? k
                : throw new FormatException($"A mapping key at line {key.Start.Line} is not a scalar.");
            if (!result.TryAdd(name, ToJson(value)))
            {
                throw new FormatException($"Duplicate key '{name}' at line {key.Start.Line}.");
            }
        }

        return result;
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || (scalar.Tag.IsGlobal && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => JsonValue.Create(true),
            "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => JsonValue.Create(false),
            _ when IntegerPattern.IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                => JsonValue.Create(l),
            _ when text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)
                => JsonValue.Create(h),
            _ when FloatPattern.IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }

    private static readonly Regex IntegerPattern = LinearRegex.Create("^[-+]?[0-9]+$");

    private static readonly Regex FloatPattern = LinearRegex.Create(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
}
