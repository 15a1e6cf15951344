using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// The Job whose single pod runs spark-submit once. Kubernetes never retries it (backoffLimit 0):
/// retries are the operator's, each a new attempt with new names, so a retried pod can never
/// start a second driver (and the fixed driver pod name would make a second create fail anyway).
/// </summary>
internal static class SubmitJobBuilder
{
    /// <summary>
    /// The termination message keeps only the last 80 lines of a failed spark-submit; a full JVM
    /// stack trace pushes Spark's own error line ("Exception in thread main ...") out of them.
    /// Short traces keep it in. The job's env can still set SPARK_SUBMIT_OPTS (the last entry wins).
    /// </summary>
    private static readonly V1EnvVar SubmitJvmOptions = new() { Name = OwnedEnv.SubmitOptions, Value = "-XX:MaxJavaStackTraceDepth=8" };

    public static V1Job Build(SparkApplication app, int attempt, SubmissionOptions options)
    {
        var spec = app.Spec;
        var job = spec.Job;
        var name = app.Metadata.Name;
        var labels = SubmissionLabels.For(app, options.OperatorName, SubmissionLabels.SubmitComponent, attempt);

        var podLabels = new Dictionary<string, string>(job?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            podLabels[key] = value;
        }

        var mounts = new List<V1VolumeMount>();
        mounts.AddRange((job?.VolumeMounts ?? []).Select(m => Lists.Clone(m)!));
        mounts.Add(new V1VolumeMount { Name = OwnedPaths.PodTemplatesVolume, MountPath = OwnedPaths.PodTemplatesDirectory, ReadOnlyProperty = true });
        if (DependencyVolumes.HasPackages(app))
        {
            mounts.Add(DependencyVolumes.IvyMount);
        }

        var container = new V1Container
        {
            Name = OwnedPaths.SubmitContainer,
            Image = SparkSubmitArguments.RoleImage(spec, job),
            ImagePullPolicy = spec.SparkImagePullPolicy?.ToString(),
            Command = ImageLayout.SubmitCommand(options),
            Args = SparkSubmitArguments.Build(app, attempt, options),
            Env = [SubmitJvmOptions, .. ContainerEnvironment.For(app, job, withPythonPath: false) ?? []],
            EnvFrom = ContainerEnvironment.From(app),
            Resources = SparkResources.ForJob(job, options.SubmitPod),
            VolumeMounts = Lists.LastWins(mounts, m => m.MountPath),

            // The operator reads why a submission failed from the termination message.
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = PodSecurity.Container(),
        };

        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Labels = podLabels,
                Annotations = job?.Annotations is { Count: > 0 } a ? new Dictionary<string, string>(a, StringComparer.Ordinal) : null,
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                SecurityContext = PodSecurity.Pod(options.Policy),
                ServiceAccountName = RbacBuilder.AccountName(app),
                ImagePullSecrets = PodTemplateBuilder.PullSecrets(app),
                NodeSelector = job?.NodeSelector is { Count: > 0 } ns ? new Dictionary<string, string>(ns, StringComparer.Ordinal) : null,
                Affinity = Lists.Clone(job?.Affinity),
                Tolerations = job?.Tolerations is { Count: > 0 } t ? t.Select(x => Lists.Clone(x)!).ToList() : null,
                Containers = [container],
                Volumes = Volumes(app, attempt, job),
            },
        };

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = V1Job.KubeKind,
            Metadata = OwnedMetadata.For(app, ResourceNames.SubmitJob(name, attempt), labels),
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                TtlSecondsAfterFinished = options.JobTtlSecondsAfterFinished,
                Template = PodOverrides.Apply(template, job?.PodOverrides, spec.Volumes),
            },
        };
    }

    /// <summary>The pod templates, Ivy's home when resolving packages, and those spec.volumes the Job mounts.</summary>
    private static List<V1Volume> Volumes(SparkApplication app, int attempt, RoleSpec? job)
    {
        var mounted = (job?.VolumeMounts ?? []).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var volumes = (app.Spec.Volumes ?? []).Where(v => mounted.Contains(v.Name)).Select(v => Lists.Clone(v)!).ToList();
        volumes.Add(new V1Volume
        {
            Name = OwnedPaths.PodTemplatesVolume,
            ConfigMap = new V1ConfigMapVolumeSource { Name = ResourceNames.PodTemplates(app.Metadata.Name, attempt) },
        });
        if (DependencyVolumes.HasPackages(app))
        {
            volumes.Add(new V1Volume { Name = OwnedPaths.IvyVolume, EmptyDir = new V1EmptyDirVolumeSource() });
        }

        return Lists.LastWins(volumes, v => v.Name);
    }
}
