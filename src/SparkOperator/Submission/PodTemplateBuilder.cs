using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// The driver and executor pod templates Spark starts its pods from. Spark 4.1 keeps what a
/// template says except what its confs own (the spark container's image, cpu/memory requests,
/// ports, Spark's labels), so everything else from the spec goes here.
/// </summary>
internal static class PodTemplateBuilder
{
    public static V1Pod Driver(SparkApplication app, int attempt, SubmissionOptions options) =>
        Build(app, attempt, options, SubmissionLabels.DriverComponent, app.Spec.Driver, isDriver: true);

    public static V1Pod Executor(SparkApplication app, int attempt, SubmissionOptions options) =>
        Build(app, attempt, options, SubmissionLabels.ExecutorComponent, app.Spec.Executor, isDriver: false);

    private static V1Pod Build(SparkApplication app, int attempt, SubmissionOptions options, string component, RoleSpec? role, bool isDriver)
    {
        var spec = app.Spec;
        var mounts = new List<V1VolumeMount>();
        mounts.AddRange((role?.VolumeMounts ?? []).Select(m => Lists.Clone(m)!));
        mounts.AddRange(DependencyVolumes.SparkContainerMounts(app, isDriver));
        mounts.AddRange(S3TrustStore.SparkContainerMounts(app));
        mounts.AddRange(EventLogs.DriverMounts(app, isDriver));
        mounts.AddRange(GpuDiscovery.ExecutorMounts(app, options, isDriver));

        var spark = new V1Container
        {
            Name = OwnedPaths.SparkContainer,
            Image = SparkSubmitArguments.RoleImage(spec, role),
            ImagePullPolicy = spec.SparkImagePullPolicy?.ToString(),
            Env = ContainerEnvironment.For(app, role, withPythonPath: true),
            EnvFrom = ContainerEnvironment.From(app),
            Resources = Lists.Clone(role?.Resources),
            VolumeMounts = Lists.NullIfEmpty(Lists.LastWins(mounts, m => m.MountPath)),
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = PodSecurity.Container(),
        };

        // Our labels last: the operator finds drivers and executors by them.
        var labels = new Dictionary<string, string>(role?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in SubmissionLabels.For(app, options.OperatorName, component, attempt))
        {
            labels[key] = value;
        }

        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = V1Pod.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Labels = labels,
                Annotations = Annotations(role, isDriver ? PrometheusMetrics.DriverAnnotations(spec) : []),

                // The driver belongs to the application, so deleting the application deletes the
                // driver and, through Spark's own references to it, the executors. Executors get
                // none here: Spark makes the driver their controller, and a pod has one.
                // blockOwnerDeletion stays unset: setting it would need update on
                // sparkapplications/finalizers for the submitting service account.
                OwnerReferences = isDriver ? [DriverOwnerReference(app)] : null,
            },
            Spec = new V1PodSpec
            {
                ServiceAccountName = RbacBuilder.AccountName(app),
                SecurityContext = PodSecurity.Pod(options.Policy),

                // Executors never call the API server; only the driver needs the token.
                AutomountServiceAccountToken = isDriver ? null : false,
                ImagePullSecrets = PullSecrets(app),
                NodeSelector = role?.NodeSelector is { Count: > 0 } ns ? new Dictionary<string, string>(ns, StringComparer.Ordinal) : null,
                Affinity = Lists.Clone(role?.Affinity),
                Tolerations = role?.Tolerations is { Count: > 0 } t ? t.Select(x => Lists.Clone(x)!).ToList() : null,
                InitContainers = Lists.NullIfEmpty([.. S3TrustStore.InitContainers(app, options), .. DependencyVolumes.InitContainers(app, role)]),
                Containers = [spark],
                Volumes = Lists.NullIfEmpty(Volumes(app, attempt, options, role, isDriver)),
            },
        };
        return PodOverrides.Apply(pod, role?.PodOverrides, spec.Volumes);
    }

    /// <summary>
    /// The spec.volumes this role mounts, then the operator's (which win on a name clash: our mounts
    /// rely on them). An unmounted volume stays out: Spark's local-dir step adds its own
    /// spark-local-dir-1 to a pod whose container mounts no spark-local-dir-* volume, and a template
    /// volume of that name left unmounted would make the pod's volumes collide.
    /// </summary>
    private static List<V1Volume> Volumes(SparkApplication app, int attempt, SubmissionOptions options, RoleSpec? role, bool isDriver)
    {
        var mounted = (role?.VolumeMounts ?? []).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var volumes = (app.Spec.Volumes ?? []).Where(v => mounted.Contains(v.Name)).Select(v => Lists.Clone(v)!).ToList();
        volumes.AddRange(DependencyVolumes.PodVolumes(app, isDriver));
        volumes.AddRange(S3TrustStore.PodVolumes(app));
        volumes.AddRange(EventLogs.DriverVolumes(app, isDriver));
        volumes.AddRange(GpuDiscovery.ExecutorVolumes(app, attempt, options, isDriver));
        return Lists.LastWins(volumes, v => v.Name);
    }

    /// <summary>The role's annotations, then the operator's (admission keeps the two apart).</summary>
    private static Dictionary<string, string>? Annotations(RoleSpec? role, IEnumerable<KeyValuePair<string, string>> owned)
    {
        var annotations = new Dictionary<string, string>(role?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in owned)
        {
            annotations[key] = value;
        }

        return annotations.Count > 0 ? annotations : null;
    }

    private static V1OwnerReference DriverOwnerReference(SparkApplication app)
    {
        var reference = OwnedMetadata.OwnerReference(app);
        reference.BlockOwnerDeletion = null;
        return reference;
    }

    internal static List<V1LocalObjectReference>? PullSecrets(SparkApplication app) =>
        app.Spec.SparkImagePullSecrets is { Count: > 0 } secrets
            ? Lists.LastWins(secrets.Select(s => new V1LocalObjectReference { Name = s.Name }), s => s.Name)
            : null;
}
