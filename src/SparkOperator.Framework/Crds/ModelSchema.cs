using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;

namespace SparkOperator.Framework.Crds;

/// <summary>
/// Strict decoding of a model kept as raw JSON (a field whose CRD schema preserves unknown fields):
/// the document is checked against the structural schema generated from the model type, so an
/// unknown field, a wrong type or a null is found with its path, as the API server would find it
/// were the full schema in the CRD.
/// </summary>
public static class ModelSchema
{
    private static readonly ConcurrentDictionary<Type, V1JSONSchemaProps> Schemas = new();

    /// <summary>The problems of <paramref name="document"/> as a <paramref name="model"/>, each with its path below the document.</summary>
    public static IReadOnlyList<(string Path, string Message)> Check(Type model, JsonNode? document)
    {
        ArgumentNullException.ThrowIfNull(model);
        var schema = Schemas.GetOrAdd(model, t => new SchemaGenerator().ForType(t));
        return [.. SchemaValidator.Validate(schema, document).Select(Split)];
    }

    private static (string Path, string Message) Split(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        var path = error[..colon];
        return (path == "<root>" ? "" : path, error[(colon + 2)..]);
    }
}
