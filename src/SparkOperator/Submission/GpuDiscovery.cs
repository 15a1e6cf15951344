using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// Spark needs a discovery script per executor resource and runs its path directly, with no shell,
/// so no image-independent path can be given. The operator therefore ships its own script in the
/// attempt's pod-template ConfigMap and mounts it into GPU executors at an owned path. Setting
/// Spark:GpuDiscoveryScript names a script inside the image instead, and nothing is shipped.
/// </summary>
internal static class GpuDiscovery
{
    /// <summary>Readable and executable by the container's non-root user, writable by none.</summary>
    private const int ScriptMode = 0b101_101_101;

    /// <summary>Spark's name of the resource: the part of the extended resource name after its domain.</summary>
    public static string ResourceName(GpuSpec gpu)
    {
        var slash = gpu.Name.LastIndexOf('/');
        return slash < 0 ? gpu.Name : gpu.Name[(slash + 1)..];
    }

    /// <summary>The path Spark's discoveryScript conf names.</summary>
    public static string ScriptPath(SubmissionOptions options) =>
        options.GpuDiscoveryScript ?? $"{OwnedPaths.GpuDiscoveryDirectory}/{OwnedPaths.GpuDiscoveryFile}";

    private static bool Ships(SparkApplication app, SubmissionOptions options) =>
        app.Spec.Executor?.Gpu is not null && options.GpuDiscoveryScript is null;

    /// <summary>The script's entry in the attempt's ConfigMap, when the operator ships it.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ConfigMapData(SparkApplication app, SubmissionOptions options)
    {
        if (Ships(app, options))
        {
            yield return new(OwnedPaths.GpuDiscoveryFile, Script(ResourceName(app.Spec.Executor!.Gpu!)));
        }
    }

    public static IEnumerable<V1Volume> ExecutorVolumes(SparkApplication app, int attempt, SubmissionOptions options, bool isDriver)
    {
        if (isDriver || !Ships(app, options))
        {
            yield break;
        }

        yield return new V1Volume
        {
            Name = OwnedPaths.GpuDiscoveryVolume,
            ConfigMap = new V1ConfigMapVolumeSource
            {
                Name = ResourceNames.PodTemplates(app.Metadata.Name, attempt),
                Items = [new V1KeyToPath { Key = OwnedPaths.GpuDiscoveryFile, Path = OwnedPaths.GpuDiscoveryFile }],
                DefaultMode = ScriptMode,
            },
        };
    }

    public static IEnumerable<V1VolumeMount> ExecutorMounts(SparkApplication app, SubmissionOptions options, bool isDriver)
    {
        if (isDriver || !Ships(app, options))
        {
            yield break;
        }

        yield return new V1VolumeMount { Name = OwnedPaths.GpuDiscoveryVolume, MountPath = OwnedPaths.GpuDiscoveryDirectory, ReadOnlyProperty = true };
    }

    /// <summary>
    /// Prints Spark's ResourceInformation JSON for the GPUs nvidia-smi lists, as apache/spark's
    /// example script does, but in POSIX sh with no tool beyond nvidia-smi, so it runs in any image.
    /// A failing nvidia-smi fails the script, and Spark then fails the executor with its output,
    /// rather than the executor starting with no GPU. The name is a validated extended resource name,
    /// so it cannot break out of its quotes.
    /// </summary>
    internal static string Script(string resourceName) => $$"""
        #!/bin/sh
        # Written by SparkOperator: the GPUs of this executor, as Spark's resource discovery expects.
        set -eu
        indexes=$(nvidia-smi --query-gpu=index --format=csv,noheader)
        addresses=""
        for index in $indexes; do
          addresses="${addresses:+$addresses,}\"$index\""
        done
        printf '{"name": "%s", "addresses": [%s]}\n' '{{resourceName}}' "$addresses"

        """;
}
