using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Framework.Crds;

/// <summary>
/// Checks a JSON document against a structural schema offline, the way the API server does with
/// strict field validation (kubectl's default): wrong types, unknown fields, missing required
/// fields, enum, pattern, bounds, int-or-string and preserve-unknown-fields. It covers what our
/// generated schemas use; it is no full OpenAPI validator (no formats, CEL or list-map uniqueness).
/// </summary>
public static class SchemaValidator
{
    // Linear like the API server's own matcher (Go's RE2); built once per pattern, as building costs more than matching.
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>The errors, each as <c>path: message</c>; empty when the document is valid.</summary>
    /// <param name="schema">A structural schema, e.g. a CRD version's <c>openAPIV3Schema</c>.</param>
    /// <param name="document">The object to check.</param>
    public static IReadOnlyList<string> Validate(V1JSONSchemaProps schema, JsonNode? document)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<string>();
        Check(schema, document, "", errors);
        return errors;
    }

    private static void Check(V1JSONSchemaProps schema, JsonNode? value, string path, List<string> errors)
    {
        var at = path.Length == 0 ? "<root>" : path;
        if (value is null)
        {
            if (schema.Nullable != true)
            {
                errors.Add($"{at}: must not be null");
            }

            return;
        }

        var kind = value.GetValueKind();
        if (schema.XKubernetesIntOrString == true)
        {
            if (kind != JsonValueKind.String && !IsInteger(value))
            {
                errors.Add($"{at}: must be an integer or a string, got {Describe(kind)}");
            }

            return;
        }

        var typeOk = schema.Type switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "integer" => IsInteger(value),
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            _ => false,
        };
        if (!typeOk)
        {
            errors.Add($"{at}: must be {schema.Type}, got {Describe(kind)}");
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(schema, obj, path, errors);
                break;
            case JsonArray array:
                CheckArray(schema, array, path, errors);
                break;
            case JsonValue scalar:
                CheckScalar(schema, scalar, kind, at, errors);
                break;
        }
    }

    private static void CheckObject(V1JSONSchemaProps schema, JsonObject obj, string path, List<string> errors)
    {
        var additional = AsSchema(schema.AdditionalProperties);
        var open = schema.XKubernetesPreserveUnknownFields == true
            || (schema.Properties is null && additional is null); // e.g. metadata: the server checks it itself
        foreach (var (name, child) in obj)
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (schema.Properties?.TryGetValue(name, out var property) == true)
            {
                Check(property, child, childPath, errors);
            }
            else if (additional is not null)
            {
                Check(additional, child, childPath, errors);
            }
            else if (!open)
            {
                errors.Add($"{childPath}: unknown field");
            }
        }

        foreach (var name in schema.Required ?? [])
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{(path.Length == 0 ? name : $"{path}.{name}")}: required");
            }
        }
    }

    private static void CheckArray(V1JSONSchemaProps schema, JsonArray array, string path, List<string> errors)
    {
        var at = path.Length == 0 ? "<root>" : path;
        if (array.Count < schema.MinItems || array.Count > schema.MaxItems)
        {
            errors.Add($"{at}: must have between {schema.MinItems ?? 0} and {schema.MaxItems?.ToString(CultureInfo.InvariantCulture) ?? "any"} items, has {array.Count}");
        }

        if (AsSchema(schema.Items) is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(items, array[i], $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckScalar(V1JSONSchemaProps schema, JsonValue scalar, JsonValueKind kind, string at, List<string> errors)
    {
        if (kind == JsonValueKind.String)
        {
            var text = scalar.GetValue<string>();
            if (schema.Pattern is { } pattern && !Patterns.GetOrAdd(pattern, p => LinearRegex.Create(p)).IsMatch(text))
            {
                errors.Add($"{at}: '{text}' does not match {pattern}");
            }

            if (text.Length < schema.MinLength || text.Length > schema.MaxLength)
            {
                errors.Add($"{at}: length {text.Length} is out of bounds");
            }
        }

        if (kind == JsonValueKind.Number)
        {
            var number = double.Parse(scalar.ToJsonString(), CultureInfo.InvariantCulture);
            if (number < schema.Minimum || number > schema.Maximum)
            {
                errors.Add($"{at}: {number.ToString(CultureInfo.InvariantCulture)} is out of bounds [{schema.Minimum}, {schema.Maximum}]");
            }
        }

        if (schema.EnumProperty is { Count: > 0 } allowed
            && !allowed.Any(a => JsonSerializer.Serialize(a) == scalar.ToJsonString()))
        {
            errors.Add($"{at}: {scalar.ToJsonString()} is not one of {string.Join(", ", allowed)}");
        }
    }

    private static bool IsInteger(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.Number
        && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
        && decimal.Truncate(d) == d;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    // Items and additionalProperties are typed object: a schema built in memory, or JSON when read back.
    private static V1JSONSchemaProps? AsSchema(object? value) => value switch
    {
        V1JSONSchemaProps schema => schema,
        JsonElement { ValueKind: JsonValueKind.Object } element => KubernetesJson.Deserialize<V1JSONSchemaProps>(element),
        _ => null,
    };
}
