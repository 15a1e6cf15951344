using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Reads a Kubernetes object from JSON so that a value of the wrong type becomes a field error
/// (<c>spec.driver.cores: ...</c>) instead of an exception without a path. Differs from
/// KubernetesJson in three ways: invalid quantities throw <see cref="JsonException"/> (KubernetesClient
/// throws a pathless FormatException), enums accept names only (not integers), and depth is bounded.
/// </summary>
public static class EntityJson
{
    /// <summary>Deepest nesting accepted; real objects stay far below it.</summary>
    public const int MaxDepth = 64;

    /// <summary>The options used to read (and, for comparisons, write) entities.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Deserialises <paramref name="json"/> into <typeparamref name="TEntity"/>, or returns the field
    /// path and reason of the first value that does not fit.
    /// </summary>
    public static bool TryDeserialize<TEntity>(JsonElement json, out TEntity? entity, out AdmissionError? error)
        where TEntity : class
    {
        entity = null;
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = new AdmissionError("", $"the object must be a JSON object, not {Describe(json.ValueKind)}");
            return false;
        }

        try
        {
            entity = json.Deserialize<TEntity>(Options);
        }
        catch (JsonException e)
        {
            var path = ToFieldPath(e.Path, typeof(TEntity));
            error = new AdmissionError(path, $"has the wrong type or format ({Describe(json, e.Path)})");
            return false;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or NotSupportedException or OverflowException)
        {
            error = new AdmissionError("", $"the object cannot be read: {e.Message}");
            return false;
        }

        if (entity is null)
        {
            error = new AdmissionError("", "the object is null");
            return false;
        }

        return true;
    }

    /// <summary>
    /// <c>$.spec.volumes[1].name</c> → <c>spec.volumes[1].name</c>. Map keys are written the Kubernetes
    /// way, <c>spec.sparkConf[spark.master]</c>: which segments are keys is read from <paramref name="root"/>'s properties.
    /// </summary>
    internal static string ToFieldPath(string? jsonPath, Type root)
    {
        var segments = Tokenize(jsonPath);
        if (segments is null)
        {
            return "";
        }

        var path = new System.Text.StringBuilder();
        Type? current = root;
        foreach (var (property, index) in segments)
        {
            if (index is { } i)
            {
                path.Append('[').Append(i).Append(']');
                current = current is null ? null : ElementType(current);
            }
            else if (current is not null && DictionaryValueType(current) is { } valueType)
            {
                path.Append('[').Append(property).Append(']');
                current = valueType;
            }
            else
            {
                path.Append(path.Length == 0 ? "" : ".").Append(property);
                var member = current?.GetProperties().FirstOrDefault(p => JsonName(p) == property);
                current = member is null ? null : Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
            }
        }

        return path.ToString();
    }

    private static string JsonName(System.Reflection.PropertyInfo property) =>
        property.GetCustomAttributes(typeof(JsonPropertyNameAttribute), inherit: true) is [JsonPropertyNameAttribute named, ..]
            ? named.Name
            : JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static Type? DictionaryValueType(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
        ?.GetGenericArguments()[1];

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
            ?.GetGenericArguments()[0];

    private static string Describe(JsonElement root, string? jsonPath)
    {
        var found = Find(root, jsonPath);
        return found is { } value ? $"got {Describe(value.ValueKind)}" : "cannot be read";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // Splits the simple paths System.Text.Json reports ($.a.b[2]['c.d']) into property names and indexes.
    private static List<(string? Property, int? Index)>? Tokenize(string? jsonPath)
    {
        if (jsonPath is null || !jsonPath.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<(string?, int?)>();
        var i = 1;
        while (i < jsonPath.Length)
        {
            if (jsonPath[i] == '.')
            {
                var end = jsonPath.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? jsonPath.Length : end;
                segments.Add((jsonPath[(i + 1)..end], null));
                i = end;
            }
            else if (jsonPath.AsSpan(i).StartsWith("['"))
            {
                var end = jsonPath.IndexOf("']", i, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                segments.Add((jsonPath[(i + 2)..end], null));
                i = end + 2;
            }
            else if (jsonPath[i] == '[')
            {
                var end = jsonPath.IndexOf(']', i);
                if (end < 0 || !int.TryParse(jsonPath.AsSpan(i + 1, end - i - 1), out var n))
                {
                    return null;
                }

                segments.Add((null, n));
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return segments;
    }

    private static JsonElement? Find(JsonElement root, string? jsonPath)
    {
        var segments = Tokenize(jsonPath);
        if (segments is null)
        {
            return null;
        }

        var current = root;
        foreach (var (property, index) in segments)
        {
            if (property is not null)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(property, out current))
                {
                    return null;
                }
            }
            else if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
            {
                return null;
            }
            else
            {
                current = current[index!.Value];
            }
        }

        return current;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = MaxDepth,
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.Converters.Add(new StrictQuantityConverter());
        options.Converters.Add(new StrictIntOrStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class StrictQuantityConverter : JsonConverter<ResourceQuantity>
    {
        public override ResourceQuantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                _ => throw new JsonException("a quantity must be a string or a number"),
            };
            if (!KubernetesQuantity.TryParse(text, out _))
            {
                throw new JsonException($"'{text}' is not a Kubernetes quantity");
            }

            try
            {
                return new ResourceQuantity(text);
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    private sealed class StrictIntOrStringConverter : JsonConverter<IntOrString>
    {
        public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number when reader.TryGetInt64(out var n) => n,
                _ => throw new JsonException("expected an integer or a string"),
            };

        public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
        {
            if (long.TryParse(value.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                writer.WriteNumberValue(n);
            }
            else
            {
                writer.WriteStringValue(value.Value);
            }
        }
    }
}
