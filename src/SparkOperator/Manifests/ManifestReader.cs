using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SparkOperator.Manifests;

/// <summary>
/// Reads multi-document YAML (or JSON) manifests into JSON, so that objects are then read with the
/// same JSON rules the API server applies (KubernetesYaml would not honour JSON enum names such as
/// <c>mode: cluster</c>). Plain scalars are typed by the YAML 1.2 core schema (true, 12, 1.5, null);
/// quoted scalars are strings. Alias expansion and depth are bounded against hostile input.
/// </summary>
internal static partial class ManifestReader
{
    private const int MaxDepth = 64;
    private const int MaxNodes = 1_000_000;

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    /// <summary>One document of a file: its 0-based position and content (null for an empty document).</summary>
    public sealed record Document(int Index, JsonNode? Content);

    /// <summary>Parses every document; throws <see cref="YamlException"/> or <see cref="InvalidDataException"/> on bad input.</summary>
    public static IReadOnlyList<Document> Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var nodes = 0;
        return stream.Documents.Select((d, i) => new Document(i, ToJson(d.RootNode, 0, ref nodes))).ToList();
    }

    private static JsonNode? ToJson(YamlNode node, int depth, ref int nodes)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"nested deeper than {MaxDepth} levels");
        }

        if (++nodes > MaxNodes)
        {
            throw new InvalidDataException($"more than {MaxNodes} nodes (after expanding aliases)");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode { Value: { } k } ? k : throw new InvalidDataException($"a mapping key at {key.Start} is not a scalar");
                    if (obj.ContainsKey(name))
                    {
                        throw new InvalidDataException($"duplicate key '{name}' at {key.Start}");
                    }

                    obj[name] = ToJson(value, depth + 1, ref nodes);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, depth + 1, ref nodes));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidDataException($"unsupported YAML node at {node.Start}");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag == "tag:yaml.org,2002:str" || (tag is null && scalar.Style is not ScalarStyle.Plain))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Float().IsMatch(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
