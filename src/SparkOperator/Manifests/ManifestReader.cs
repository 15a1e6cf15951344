using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using SparkOperator.Entities;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SparkOperator.Manifests;

/// <summary>
/// Reads the SparkApplications out of a multi-document YAML manifest, skipping other kinds.
/// YAML goes to JSON first (typed per YAML 1.2's core schema) and then through KubernetesJson,
/// so the entity reads exactly as the API server's JSON would (enum member names included).
/// </summary>
public static partial class ManifestReader
{
    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    /// <summary>Every document of kind SparkApplication in our API group, in file order.</summary>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static IReadOnlyList<SparkApplication> ReadSparkApplications(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        var apps = new List<SparkApplication>();
        foreach (var document in stream.Documents)
        {
            if (ToJson(document.RootNode) is not JsonObject json
                || json["kind"]?.GetValue<string>() != SparkApplication.KindName
                || json["apiVersion"]?.GetValue<string>() != SparkApplication.ApiVersionString)
            {
                continue;
            }

            apps.Add(KubernetesJson.Deserialize<SparkApplication>(json.ToJsonString()));
        }

        return apps;
    }

    internal static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException($"Unsupported YAML node at {node.Start}."),
    };

    /// <summary>Quoted scalars and !!str are strings; plain ones follow the core schema.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
