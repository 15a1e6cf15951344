using System.Text.Json.Nodes;

namespace SparkOperator.Framework.Patching;

/// <summary>
/// Kubernetes' strategic merge of a patch over a document, on JSON: objects are merged field by
/// field, a null in the patch removes the field, scalars are replaced, lists with a merge key in
/// the schema are merged item by item (a patch item with a known key is merged into that item in
/// place, a new one is appended) and every other list is replaced whole. Patch directives
/// (<c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder</c>, ...) are not supported and refused.
/// Neither input is changed.
/// </summary>
public static class StrategicMerge
{
    /// <summary>The merged document.</summary>
    /// <exception cref="StrategicMergeException">The patch uses a directive, or an item of a merged list lacks its key.</exception>
    public static JsonObject Apply(JsonObject original, JsonObject patch, StrategicMergeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(schema);
        return MergeObject(original, patch, "", "", schema);
    }

    // path names the field in the schema (list items as []), at names it in the patch (with indices).
    private static JsonObject MergeObject(JsonObject original, JsonObject patch, string path, string at, StrategicMergeSchema schema)
    {
        var merged = (JsonObject)original.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith('$'))
            {
                throw new StrategicMergeException(Join(at, name), "patch directives are not supported");
            }

            var childPath = Join(path, name);
            var childAt = Join(at, name);
            if (value is null)
            {
                merged.Remove(name);
            }
            else if (value is JsonObject after)
            {
                merged[name] = MergeObject(merged[name] as JsonObject ?? [], after, childPath, childAt, schema);
            }
            else if (value is JsonArray items && schema.KeyOf(childPath) is { } key)
            {
                merged[name] = MergeList(merged[name] as JsonArray ?? [], items, key, childPath, childAt, schema);
            }
            else
            {
                merged[name] = value.DeepClone();
            }
        }

        return merged;
    }

    private static JsonArray MergeList(JsonArray original, JsonArray patch, string key, string path, string at, StrategicMergeSchema schema)
    {
        var itemPath = path + "[]";
        var merged = new List<JsonNode?>(original.Select(i => i?.DeepClone()));
        for (var i = 0; i < patch.Count; i++)
        {
            if (patch[i] is not JsonObject item || item[key] is not JsonValue id)
            {
                throw new StrategicMergeException($"{at}[{i}]", $"an item of this list needs its merge key '{key}'");
            }

            var index = merged.FindIndex(m => m is JsonObject o && JsonNode.DeepEquals(o[key], id));
            if (index < 0)
            {
                merged.Add(MergeObject([], item, itemPath, $"{at}[{i}]", schema));
            }
            else
            {
                var basis = (JsonObject)merged[index]!;
                if (schema.RetainsKeys(path))
                {
                    basis = Retained(basis, item);
                }

                merged[index] = MergeObject(basis, item, itemPath, $"{at}[{i}]", schema);
            }
        }

        return new JsonArray([.. merged]);
    }

    // Only the fields the patch item names survive from the original item.
    private static JsonObject Retained(JsonObject original, JsonObject patch)
    {
        var kept = new JsonObject();
        foreach (var (name, value) in original)
        {
            if (patch.ContainsKey(name))
            {
                kept[name] = value?.DeepClone();
            }
        }

        return kept;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}

/// <summary>A patch the strategic merge cannot apply, with the path of the offending field.</summary>
public sealed class StrategicMergeException(string path, string reason) : ArgumentException($"{path}: {reason}")
{
    /// <summary>The field's path in the patch, e.g. <c>spec.containers[0]</c>.</summary>
    public string Path { get; } = path;

    /// <summary>Why it cannot be applied.</summary>
    public string Reason { get; } = reason;
}
