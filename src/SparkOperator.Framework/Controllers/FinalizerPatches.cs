using System.Text.Json.Nodes;
using k8s.Models;

namespace SparkOperator.Framework.Controllers;

/// <summary>
/// JSON patches that add or remove one finalizer, each guarded by a <c>test</c> op so the write fails
/// (and the key is retried with a fresh object) when someone else changed the list in between,
/// instead of overwriting it. Pure: builds strings, sends nothing.
/// </summary>
internal static class FinalizerPatches
{
    /// <summary>The patch adding <paramref name="finalizer"/>, or null when it is already present.</summary>
    public static string? Add(V1ObjectMeta meta, string finalizer)
    {
        var current = meta.Finalizers ?? [];
        if (current.Contains(finalizer))
        {
            return null;
        }

        var ops = current.Count == 0
            ? new JsonArray(
                Op("test", "/metadata/finalizers", null),
                Op("add", "/metadata/finalizers", new JsonArray(JsonValue.Create(finalizer))))
            : new JsonArray(
                Op("test", "/metadata/finalizers", new JsonArray([.. current.Select(f => (JsonNode?)JsonValue.Create(f))])),
                Op("add", "/metadata/finalizers/-", JsonValue.Create(finalizer)));
        return ops.ToJsonString();
    }

    /// <summary>The patch removing <paramref name="finalizer"/>, or null when it is absent.</summary>
    public static string? Remove(V1ObjectMeta meta, string finalizer)
    {
        var index = meta.Finalizers?.IndexOf(finalizer) ?? -1;
        if (index < 0)
        {
            return null;
        }

        var path = $"/metadata/finalizers/{index}";
        return new JsonArray(Op("test", path, JsonValue.Create(finalizer)), Op("remove", path)).ToJsonString();
    }

    private static JsonObject Op(string op, string path) => new() { ["op"] = op, ["path"] = path };

    private static JsonObject Op(string op, string path, JsonNode? value) => new() { ["op"] = op, ["path"] = path, ["value"] = value };
}
