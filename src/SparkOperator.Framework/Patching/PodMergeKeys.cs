namespace SparkOperator.Framework.Patching;

/// <summary>
/// The patch merge keys Kubernetes declares on a pod (<c>patchMergeKey</c> in k8s.io/api core/v1),
/// as a <see cref="StrategicMergeSchema"/> for a document with <c>metadata</c> and <c>spec</c>: a
/// Pod, or a PodTemplateSpec. Lists Kubernetes replaces whole (tolerations, envFrom, args,
/// readinessGates, dnsConfig's lists, capabilities) are absent, so they are replaced here too.
/// </summary>
public static class PodMergeKeys
{
    private static readonly (string List, string Key)[] ContainerLists =
    [
        ("env", "name"),
        ("ports", "containerPort"),
        ("volumeMounts", "mountPath"),
        ("volumeDevices", "devicePath"),
    ];

    private static readonly (string List, string Key)[] PodLists =
    [
        ("containers", "name"),
        ("initContainers", "name"),
        ("ephemeralContainers", "name"),
        ("volumes", "name"),
        ("imagePullSecrets", "name"),
        ("hostAliases", "ip"),
        ("topologySpreadConstraints", "topologyKey"),
        ("resourceClaims", "name"),
        ("schedulingGates", "name"),
    ];

    /// <summary>The schema of a Pod or PodTemplateSpec.</summary>
    public static StrategicMergeSchema Pod { get; } = Build();

    private static StrategicMergeSchema Build()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.ownerReferences"] = "uid",
        };
        foreach (var (list, key) in PodLists)
        {
            keys[$"spec.{list}"] = key;
        }

        foreach (var containers in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            foreach (var (list, key) in ContainerLists)
            {
                keys[$"spec.{containers}[].{list}"] = key;
            }
        }

        return new StrategicMergeSchema(keys, retainKeys: ["spec.volumes"]);
    }
}
