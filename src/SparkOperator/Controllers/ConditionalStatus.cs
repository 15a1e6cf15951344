using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Client;

namespace SparkOperator.Controllers;

/// <summary>
/// A status write decided from the cache: only what changed, as a merge patch carrying the cached
/// resourceVersion, so the API server refuses (409) a decision made from a stale object. It merges
/// that far more cheaply than an apply of the whole status.
/// </summary>
internal static class ConditionalStatus
{
    /// <summary>The merge patch from the stored status to the decided one; null when nothing changed.</summary>
    public static JsonObject? Change<TStatus>(TStatus? stored, TStatus desired) =>
        JsonMergePatch.Create(ToJson(stored), ToJson(desired)) is JsonObject { Count: > 0 } change ? change : null;

    /// <summary>The status subresource's patch of <paramref name="change"/>, valid only at <paramref name="resourceVersion"/>.</summary>
    public static V1Patch Patch(string? resourceVersion, JsonObject change) =>
        new(
            new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
                ["status"] = change,
            }.ToJsonString(),
            V1Patch.PatchType.MergePatch);

    private static JsonNode? ToJson<TStatus>(TStatus? status) =>
        status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));
}
