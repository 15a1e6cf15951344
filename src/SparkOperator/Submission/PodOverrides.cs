using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Patching;

namespace SparkOperator.Submission;

/// <summary>
/// A role's podOverrides merged over the pod the operator built for it (a pod template of the
/// ConfigMap, or the submit Job's pod template), by Kubernetes' strategic merge. A container or
/// init container the overrides add starts from the operator's hardened security context, so a
/// sidecar meets the restricted level unless the overrides (within the pod policy) say otherwise.
/// </summary>
internal static class PodOverrides
{
    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    /// <summary>
    /// <paramref name="pod"/> (a V1Pod or V1PodTemplateSpec) with <paramref name="overrides"/> merged over it; the
    /// spec.volumes the overrides' mounts name join the pod's volumes.
    /// </summary>
    public static T Apply<T>(T pod, JsonObject? overrides, IList<V1Volume>? specVolumes)
        where T : class
    {
        if (overrides is null || overrides.Count == 0)
        {
            return pod;
        }

        var built = JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject();
        HardenNewContainers(built, overrides);
        var merged = StrategicMerge.Apply(built, overrides, PodMergeKeys.Pod);
        AddMountedVolumes(merged, specVolumes);
        return KubernetesJson.Deserialize<T>(merged.ToJsonString());
    }

    private static void HardenNewContainers(JsonObject built, JsonObject overrides)
    {
        var spec = built["spec"] as JsonObject;
        foreach (var list in ContainerLists)
        {
            if (spec is null || overrides["spec"]?[list] is not JsonArray added)
            {
                continue;
            }

            if (spec[list] is not JsonArray existing)
            {
                existing = [];
                spec[list] = existing;
            }

            var names = existing.Select(c => c?["name"]?.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var name in added.Select(c => c?["name"]?.ToString()).Where(n => n is not null && names.Add(n)))
            {
                existing.Add(new JsonObject
                {
                    ["name"] = name,
                    ["securityContext"] = JsonNode.Parse(KubernetesJson.Serialize(PodSecurity.Container())),
                });
            }
        }
    }

    private static void AddMountedVolumes(JsonObject merged, IList<V1Volume>? specVolumes)
    {
        if (merged["spec"] is not JsonObject spec || specVolumes is not { Count: > 0 })
        {
            return;
        }

        if (spec["volumes"] is not JsonArray volumes)
        {
            volumes = [];
            spec["volumes"] = volumes;
        }

        var present = volumes.Select(v => v?["name"]?.ToString()).ToHashSet(StringComparer.Ordinal);
        var mounted = ContainerLists
            .SelectMany(list => spec[list] as JsonArray ?? [])
            .SelectMany(c => c?["volumeMounts"] as JsonArray ?? [])
            .Select(m => m?["name"]?.ToString())
            .ToHashSet(StringComparer.Ordinal);
        foreach (var volume in specVolumes.Where(v => mounted.Contains(v.Name) && present.Add(v.Name)))
        {
            volumes.Add(JsonNode.Parse(KubernetesJson.Serialize(volume)));
        }

        if (volumes.Count == 0)
        {
            spec.Remove("volumes");
        }
    }
}
