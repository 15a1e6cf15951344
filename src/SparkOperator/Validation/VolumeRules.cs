using System.Reflection;
using FluentValidation;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>Rules on spec.volumes and on each role's volumeMounts.</summary>
internal static class VolumeRules
{
    // Every property of V1Volume except its name is a volume source; read once so new sources count too.
    private static readonly PropertyInfo[] Sources = typeof(V1Volume).GetProperties()
        .Where(p => p.Name != nameof(V1Volume.Name) && p.CanRead && p.GetIndexParameters().Length == 0)
        .ToArray();

    public static void Volumes(IList<V1Volume>? volumes, PodPolicy policy, ValidationContext<SparkApplicationSpec> context) =>
        Volumes(volumes, policy, context.PropertyPath, context);

    /// <summary>The rules on a list of volumes at <paramref name="listPath"/>: names, one source each, the pod policy.</summary>
    public static void Volumes<T>(IList<V1Volume>? volumes, PodPolicy policy, string listPath, ValidationContext<T> context)
    {
        if (volumes is null || !SpecRules.WithinCount(volumes.Count, listPath, context))
        {
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < volumes.Count; i++)
        {
            context.ThrowIfCancellationRequested();
            var path = $"{listPath}[{i}]";
            var volume = volumes[i];
            if (volume is null)
            {
                context.Fail(path, "must not be null");
                continue;
            }

            if (!KubernetesNames.IsDns1123Label(volume.Name))
            {
                context.Fail($"{path}.name", $"'{SpecRules.Shorten(volume.Name)}' is not a valid volume name (a DNS-1123 label: at most 63 lower-case letters, digits and '-')");
            }
            else if (OwnedPaths.VolumeNames.Contains(volume.Name, StringComparer.Ordinal))
            {
                context.Fail($"{path}.name", $"'{volume.Name}' is a volume the operator adds itself; use another name");
            }
            else if (!seen.TryAdd(volume.Name, i))
            {
                context.Fail($"{path}.name", $"duplicate volume name '{volume.Name}' (also {listPath}[{seen[volume.Name]}])");
            }

            var sources = Sources.Where(p => p.GetValue(volume) is not null).Select(p => JsonFieldNames.Of(p)).ToList();
            if (sources.Count == 0)
            {
                context.Fail(path, "must have exactly one source (persistentVolumeClaim, configMap, secret, emptyDir, ...), has none");
            }
            else if (sources.Count > 1)
            {
                context.Fail(path, $"must have exactly one source, has {sources.Count} ({string.Join(", ", sources)})");
            }
            else
            {
                CheckPolicy(volume, sources[0], $"{path}.{sources[0]}", policy, context);
            }

            if (volume.PersistentVolumeClaim is { } claim && !KubernetesNames.IsDns1123Subdomain(claim.ClaimName))
            {
                context.Fail($"{path}.persistentVolumeClaim.claimName", "must name a PersistentVolumeClaim (a DNS-1123 subdomain)");
            }

            if (volume.ConfigMap is { } configMap && !KubernetesNames.IsDns1123Subdomain(configMap.Name))
            {
                context.Fail($"{path}.configMap.name", "must name a ConfigMap (a DNS-1123 subdomain)");
            }

            if (volume.Secret is { } secret && !KubernetesNames.IsDns1123Subdomain(secret.SecretName))
            {
                context.Fail($"{path}.secret.secretName", "must name a Secret (a DNS-1123 subdomain)");
            }
        }
    }

    /// <summary>The denial of a volume type outside the pod policy, naming the setting that allows it.</summary>
    public static string TypeNotAllowed(string source, PodPolicy policy) =>
        $"{source} volumes are not allowed by the operator's pod policy (allowed: {string.Join(", ", policy.AllowedVolumeTypes)}); "
        + $"an operator administrator can allow the type with {PodPolicy.AllowedVolumeTypesSetting}";

    /// <summary>The operator's pod policy on one volume source: an allowed type, and a hostPath only under an allowed prefix.</summary>
    private static void CheckPolicy<T>(V1Volume volume, string source, string path, PodPolicy policy, ValidationContext<T> context)
    {
        if (!policy.AllowedVolumeTypes.Contains(source, StringComparer.Ordinal))
        {
            context.Fail(path, TypeNotAllowed(source, policy));
            return;
        }

        if (volume.HostPath is not { } host)
        {
            return;
        }

        var hostPath = host.Path ?? "";
        if (!hostPath.StartsWith('/') || hostPath.Split('/').Contains("..") || hostPath.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail($"{path}.path", "must be an absolute path without '..'");
        }
        else if (!policy.AllowsHostPath(Normalize(hostPath)))
        {
            var allowed = policy.AllowedHostPathPrefixes.Count == 0 ? "none is allowed" : $"allowed: {string.Join(", ", policy.AllowedHostPathPrefixes)}";
            context.Fail($"{path}.path", $"'{SpecRules.Shorten(hostPath)}' is outside the host directories the operator's pod policy allows ({allowed}); "
                + $"an operator administrator can allow a directory with {PodPolicy.AllowedHostPathPrefixesSetting}");
        }
    }

    public static void Mounts<T>(IList<V1VolumeMount>? mounts, SparkApplicationSpec spec, ValidationContext<T> context) =>
        Mounts(mounts, Declared(spec.Volumes), context.PropertyPath, context);

    /// <summary>The names of the volumes in <paramref name="volumes"/>.</summary>
    public static HashSet<string> Declared(IEnumerable<V1Volume>? volumes) =>
        (volumes ?? []).Where(v => v?.Name is not null).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The rules on a container's mounts at <paramref name="listPath"/>, each naming one of <paramref name="declared"/>.</summary>
    public static void Mounts<T>(IList<V1VolumeMount>? mounts, IReadOnlySet<string> declared, string listPath, ValidationContext<T> context, string declaredIn = "spec.volumes")
    {
        if (mounts is null || !SpecRules.WithinCount(mounts.Count, listPath, context))
        {
            return;
        }

        var seenPaths = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < mounts.Count; i++)
        {
            context.ThrowIfCancellationRequested();
            var path = $"{listPath}[{i}]";
            var mount = mounts[i];
            if (mount is null)
            {
                context.Fail(path, "must not be null");
                continue;
            }

            if (string.IsNullOrEmpty(mount.Name))
            {
                context.Fail($"{path}.name", "is required: the name of a volume in spec.volumes");
            }
            else if (!declared.Contains(mount.Name))
            {
                context.Fail($"{path}.name", $"refers to volume '{SpecRules.Shorten(mount.Name)}', which {declaredIn} does not declare");
            }
            else if (OwnedPaths.VolumeNames.Contains(mount.Name, StringComparer.Ordinal))
            {
                context.Fail($"{path}.name", $"'{mount.Name}' is a volume the operator mounts itself where it needs it");
            }

            CheckMountPath(mount.MountPath, $"{path}.mountPath", i, seenPaths, context);
            CheckSubPath(mount.SubPath, $"{path}.subPath", context);
            CheckSubPath(mount.SubPathExpr, $"{path}.subPathExpr", context);
        }
    }

    /// <summary>The reserved path that <paramref name="mountPath"/> equals, contains or lies inside, if any.</summary>
    public static string? ShadowedReservedPath(string mountPath)
    {
        foreach (var reserved in OwnedPaths.MountPaths)
        {
            if (mountPath == reserved || IsInside(reserved, mountPath) || IsInside(mountPath, reserved))
            {
                return reserved;
            }
        }

        return null;
    }

    private static void CheckMountPath<T>(string? mountPath, string path, int index, Dictionary<string, int> seen, ValidationContext<T> context)
    {
        if (string.IsNullOrEmpty(mountPath))
        {
            context.Fail(path, "is required");
            return;
        }

        if (mountPath.Length > ValidationLimits.MaxStringLength || !mountPath.StartsWith('/'))
        {
            context.Fail(path, "must be an absolute path");
            return;
        }

        if (mountPath.Split('/').Contains(".."))
        {
            context.Fail(path, "must not contain '..'");
            return;
        }

        var normalized = Normalize(mountPath);
        if (ShadowedReservedPath(normalized) is { } reserved)
        {
            context.Fail(path, $"'{SpecRules.Shorten(mountPath)}' conflicts with {reserved}, which the operator mounts itself");
        }
        else if (!seen.TryAdd(normalized, index))
        {
            var other = path[..path.LastIndexOf('[')];
            context.Fail(path, $"duplicate mountPath '{SpecRules.Shorten(mountPath)}' (also {other}[{seen[normalized]}].mountPath)");
        }
    }

    private static void CheckSubPath<T>(string? subPath, string path, ValidationContext<T> context)
    {
        if (string.IsNullOrEmpty(subPath))
        {
            return;
        }

        if (subPath.StartsWith('/'))
        {
            context.Fail(path, "must be a relative path");
        }
        else if (subPath.Split('/').Contains(".."))
        {
            context.Fail(path, "must not contain '..'");
        }
        else if (subPath.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail(path, $"must be at most {ValidationLimits.MaxStringLength} characters");
        }
    }

    private static string Normalize(string absolutePath)
    {
        var parts = absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
        return "/" + string.Join('/', parts);
    }

    // True when child lies strictly below parent ("/" contains everything).
    private static bool IsInside(string parent, string child) =>
        parent == "/" ? child != "/" : child.StartsWith(parent + "/", StringComparison.Ordinal);
}
