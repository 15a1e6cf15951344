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
            var path = ToFieldPath(e.Path);
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

    /// <summary><c>$.spec.volumes[1].name</c> → <c>spec.volumes[1].name</c>; <c>$['a.b']</c> → <c>[a.b]</c>.</summary>
    internal static string ToFieldPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "";
        }

        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Replace("['", "[", StringComparison.Ordinal).Replace("']", "]", StringComparison.Ordinal);
    }

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

    // Follows the simple paths System.Text.Json reports ($.a.b[2]['c.d']) to name the offending value's kind.
    private static JsonElement? Find(JsonElement root, string? jsonPath)
    {
        if (jsonPath is null || !jsonPath.StartsWith('$'))
        {
            return null;
        }

        var current = root;
        var i = 1;
        while (i < jsonPath.Length)
        {
            string? property = null;
            int? index = null;
            if (jsonPath[i] == '.')
            {
                var end = jsonPath.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? jsonPath.Length : end;
                property = jsonPath[(i + 1)..end];
                i = end;
            }
            else if (jsonPath.AsSpan(i).StartsWith("['"))
            {
                var end = jsonPath.IndexOf("']", i, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                property = jsonPath[(i + 2)..end];
                i = end + 2;
            }
            else if (jsonPath[i] == '[')
            {
                var end = jsonPath.IndexOf(']', i);
                if (end < 0 || !int.TryParse(jsonPath.AsSpan(i + 1, end - i - 1), out var n))
                {
                    return null;
                }

                index = n;
                i = end + 1;
            }
            else
            {
                return null;
            }

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
