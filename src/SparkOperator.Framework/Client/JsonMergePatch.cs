using System.Text.Json.Nodes;

namespace SparkOperator.Framework.Client;

/// <summary>
/// Builds an RFC 7386 JSON merge patch that turns one document into another: members that
/// disappeared become <c>null</c>, objects are diffed member by member, anything else (arrays
/// included) is replaced whole. A merge patch is far cheaper for the API server than a
/// server-side apply of the same change, and with <c>metadata.resourceVersion</c> added it is
/// refused (409) when the object changed since it was read, as controller-runtime's
/// <c>MergeFromWithOptimisticLock</c> does.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>The patch from <paramref name="original"/> to <paramref name="modified"/>; an empty object when they are equal.</summary>
    public static JsonNode? Create(JsonNode? original, JsonNode? modified)
    {
        if (original is not JsonObject from || modified is not JsonObject to)
        {
            return modified?.DeepClone();
        }

        var patch = new JsonObject();
        foreach (var (name, _) in from)
        {
            if (!to.ContainsKey(name) || to[name] is null)
            {
                if (from[name] is not null)
                {
                    patch[name] = null;
                }
            }
        }

        foreach (var (name, value) in to)
        {
            if (value is null)
            {
                continue;
            }

            var before = from[name];
            if (before is JsonObject && value is JsonObject)
            {
                var inner = Create(before, value);
                if (inner is JsonObject { Count: > 0 })
                {
                    patch[name] = inner;
                }
            }
            else if (!JsonNode.DeepEquals(before, value))
            {
                patch[name] = value.DeepClone();
            }
        }

        return patch;
    }
}
