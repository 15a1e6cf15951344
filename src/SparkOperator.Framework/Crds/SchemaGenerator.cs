using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Framework.Crds;

/// <summary>
/// Maps CLR types to structural OpenAPI v3 schemas by plain runtime reflection. Every call builds
/// fresh schema objects (nothing is shared or referenced), so callers may edit what they get.
/// </summary>
/// <param name="documentation">Descriptions for types and properties that carry no
/// <see cref="DescriptionAttribute"/> (e.g. KubernetesClient models), or null for none.</param>
/// <param name="documentationDepth">How many nested levels of documented model types get their
/// descriptions: 1 describes the fields of a model our types use directly, not the fields below.</param>
internal sealed class SchemaGenerator(ModelDocumentation? documentation = null, int documentationDepth = int.MaxValue)
{
    // How many documented model types enclose the current path.
    private int documentedDepth;

    // The object types being expanded on the current path: a type met again is a cycle.
    private readonly HashSet<Type> expanding = [];

    /// <summary>The schema of a value of <paramref name="type"/>.</summary>
    public V1JSONSchemaProps ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return Scalar(type)
            ?? Special(type)
            ?? Collection(type)
            ?? Object(type);
    }

    /// <summary>The schema of a property: its type's schema refined by the property's attributes.</summary>
    public V1JSONSchemaProps ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType);
        var description = property.GetCustomAttribute<DescriptionAttribute>()?.Text
            ?? (documentedDepth <= documentationDepth ? documentation?.Describe(property) : null);
        if (description is not null)
        {
            schema.Description = description;
        }

        ApplyValidations(schema, property);
        ApplyListType(schema, property);
        if (property.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null)
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        return schema;
    }

    /// <summary>The JSON name of a property: <see cref="JsonPropertyNameAttribute"/>, else camelCase.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>The properties that appear in JSON, sorted by JSON name (ordinal) for stable output.</summary>
    public static IEnumerable<PropertyInfo> SerializedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<SchemaIgnoreAttribute>() is null)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .OrderBy(JsonName, StringComparer.Ordinal);

    private static V1JSONSchemaProps? Scalar(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => null,
        TypeCode.String or TypeCode.Char => new() { Type = "string" },
        TypeCode.Boolean => new() { Type = "boolean" },
        TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32
            => new() { Type = "integer", Format = "int32" },
        TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => new() { Type = "integer", Format = "int64" },
        TypeCode.Single => new() { Type = "number", Format = "float" },
        TypeCode.Double => new() { Type = "number", Format = "double" },
        TypeCode.Decimal => new() { Type = "number" },
        TypeCode.DateTime => new() { Type = "string", Format = "date-time" },
        _ when type == typeof(DateTimeOffset) => new() { Type = "string", Format = "date-time" },
        _ when type == typeof(TimeSpan) || type == typeof(Uri) => new() { Type = "string" },
        _ when type == typeof(Guid) => new() { Type = "string", Format = "uuid" },
        _ when type == typeof(byte[]) => new() { Type = "string", Format = "byte" },
        _ => null,
    };

    private V1JSONSchemaProps? Special(Type type)
    {
        if (type.IsEnum)
        {
            return Enum(type);
        }

        if (type == typeof(IntOrString) || type == typeof(ResourceQuantity))
        {
            // The controller-tools convention: the API server needs no type here, clients get anyOf.
            return new()
            {
                XKubernetesIntOrString = true,
                AnyOf = [new() { Type = "integer" }, new() { Type = "string" }],
            };
        }

        if (type == typeof(V1ObjectMeta))
        {
            // Metadata nested in a model (e.g. a PVC template's) is kept as written; the API server
            // checks it where it is used. The CRD's own root metadata is replaced by CrdGenerator.
            return new() { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        if (type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonNode))
        {
            return new() { XKubernetesPreserveUnknownFields = true };
        }

        if (type == typeof(JsonObject))
        {
            return new() { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        if (typeof(IKubernetesObject).IsAssignableFrom(type) && type.Assembly == typeof(V1Pod).Assembly && !type.IsAbstract)
        {
            return new()
            {
                Type = "object",
                XKubernetesEmbeddedResource = true,
                XKubernetesPreserveUnknownFields = true,
                Description = Documented(type),
            };
        }

        return null;
    }

    private static V1JSONSchemaProps Enum(Type type) => new()
    {
        Type = "string",
        EnumProperty = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.MetadataToken)
            .Select(f => (object)(f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name))
            .ToList(),
        Description = type.GetCustomAttribute<DescriptionAttribute>()?.Text,
    };

    private V1JSONSchemaProps? Collection(Type type)
    {
        if (DictionaryValueType(type) is { } valueType)
        {
            return new() { Type = "object", AdditionalProperties = ForType(valueType) };
        }

        if (typeof(IDictionary).IsAssignableFrom(type))
        {
            return new() { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        if (ElementType(type) is { } elementType)
        {
            return new() { Type = "array", Items = ForType(elementType) };
        }

        return null;
    }

    private V1JSONSchemaProps Object(Type type)
    {
        var description = type.GetCustomAttribute<DescriptionAttribute>()?.Text ?? Documented(type);
        if (!expanding.Add(type))
        {
            // A recursive type has no finite structural schema: keep whatever lies below the cycle.
            return new() { Type = "object", XKubernetesPreserveUnknownFields = true, Description = description };
        }

        var documented = documentation?.Describe(type) is not null;
        documentedDepth += documented ? 1 : 0;
        try
        {
            var properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
            var required = new List<string>();
            foreach (var property in SerializedProperties(type))
            {
                var name = JsonName(property);
                properties[name] = ForProperty(property);
                if (property.GetCustomAttribute<RequiredAttribute>() is not null
                    || property.GetCustomAttribute<JsonRequiredAttribute>() is not null)
                {
                    required.Add(name);
                }
            }

            return new()
            {
                Type = "object",
                Description = description,
                Properties = properties.Count > 0 ? properties : null,
                Required = required.Count > 0 ? required : null,
                XKubernetesPreserveUnknownFields =
                    type.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null ? true : null,
            };
        }
        finally
        {
            expanding.Remove(type);
            documentedDepth -= documented ? 1 : 0;
        }
    }

    // A documented type's own summary, if the type sits within the documentation depth.
    private string? Documented(Type type) =>
        documentedDepth < documentationDepth ? documentation?.Describe(type) : null;

    private static void ApplyValidations(V1JSONSchemaProps schema, PropertyInfo property)
    {
        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Regex;
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema.Minimum = double.IsNaN(range.Minimum) ? null : range.Minimum;
            schema.Maximum = double.IsNaN(range.Maximum) ? null : range.Maximum;
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            schema.MinLength = length.MinLength >= 0 ? length.MinLength : null;
            schema.MaxLength = length.MaxLength >= 0 ? length.MaxLength : null;
        }

        if (property.GetCustomAttribute<ItemsAttribute>() is { } items)
        {
            schema.MinItems = items.MinItems >= 0 ? items.MinItems : null;
            schema.MaxItems = items.MaxItems >= 0 ? items.MaxItems : null;
        }
    }

    private static void ApplyListType(V1JSONSchemaProps schema, PropertyInfo property)
    {
        if (property.GetCustomAttribute<ListSetAttribute>() is not null)
        {
            schema.XKubernetesListType = "set";
        }

        if (property.GetCustomAttribute<ListMapAttribute>() is not { } map)
        {
            return;
        }

        if (schema.Items is not V1JSONSchemaProps { Type: "object" } item
            || map.Keys.Count == 0
            || map.Keys.Any(k => item.Properties?.ContainsKey(k) != true))
        {
            throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name}: [ListMap] needs a list of objects that have the key properties {string.Join(", ", map.Keys)}.");
        }

        schema.XKubernetesListType = "map";
        schema.XKubernetesListMapKeys = [.. map.Keys];
        item.Required = [.. item.Required ?? [], .. map.Keys.Where(k => item.Required?.Contains(k) != true)];
    }

    private static Type? DictionaryValueType(Type type) =>
        SelfAndInterfaces(type)
            .Where(i => i.IsGenericType)
            .Where(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>)
                || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            .Select(i => i.GetGenericArguments())
            .Where(args => args[0] == typeof(string))
            .Select(args => args[1])
            .FirstOrDefault();

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : SelfAndInterfaces(type)
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Select(i => i.GetGenericArguments()[0])
                .FirstOrDefault();

    private static IEnumerable<Type> SelfAndInterfaces(Type type) => [type, .. type.GetInterfaces()];
}
