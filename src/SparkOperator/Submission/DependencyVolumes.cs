using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// Volumes and init containers that bring dependencies into the driver and executors: the job
/// image's /jobs, pip requirements, and (driver only) a writable Ivy home for --packages, which
/// the driver resolves again in cluster mode.
/// </summary>
internal static class DependencyVolumes
{
    public const string CopyJobsContainer = OwnedPaths.CopyJobsContainer;
    public const string PipInstallContainer = OwnedPaths.PipInstallContainer;

    public static bool HasPackages(SparkApplication app) => app.Spec.Deps?.Packages is { Count: > 0 };

    public static IEnumerable<V1Volume> PodVolumes(SparkApplication app, bool isDriver)
    {
        if (!string.IsNullOrEmpty(app.Spec.Image))
        {
            yield return EmptyDir(OwnedPaths.JobsVolume);
        }

        if (ContainerEnvironment.HasRequirements(app))
        {
            yield return EmptyDir(OwnedPaths.PythonDepsVolume);
        }

        if (isDriver && HasPackages(app))
        {
            yield return EmptyDir(OwnedPaths.IvyVolume);
        }
    }

    public static IEnumerable<V1VolumeMount> SparkContainerMounts(SparkApplication app, bool isDriver)
    {
        if (!string.IsNullOrEmpty(app.Spec.Image))
        {
            yield return new V1VolumeMount { Name = OwnedPaths.JobsVolume, MountPath = OwnedPaths.JobsDirectory };
        }

        if (ContainerEnvironment.HasRequirements(app))
        {
            yield return new V1VolumeMount { Name = OwnedPaths.PythonDepsVolume, MountPath = OwnedPaths.PythonDepsDirectory, ReadOnlyProperty = true };
        }

        if (isDriver && HasPackages(app))
        {
            yield return IvyMount;
        }
    }

    public static V1VolumeMount IvyMount => new() { Name = OwnedPaths.IvyVolume, MountPath = OwnedPaths.IvyDirectory };

    public static List<V1Container> InitContainers(SparkApplication app, RoleSpec? role)
    {
        var containers = new List<V1Container>();
        if (!string.IsNullOrEmpty(app.Spec.Image))
        {
            // "/jobs/." copies the directory's contents, hidden files included, without a shell glob.
            containers.Add(new V1Container
            {
                Name = CopyJobsContainer,
                Image = app.Spec.Image,
                Command = ["cp", "-R", OwnedPaths.JobsSourceDirectory + "/.", OwnedPaths.JobsDirectory],
                VolumeMounts = [new V1VolumeMount { Name = OwnedPaths.JobsVolume, MountPath = OwnedPaths.JobsDirectory }],
                TerminationMessagePolicy = "FallbackToLogsOnError",
                SecurityContext = PodSecurity.Container(),
            });
        }

        if (app.Spec.Deps?.Requirements is { Count: > 0 } requirements)
        {
            // Each requirement is its own argv item after "--": no shell, and an item starting
            // with '-' cannot become a pip option (e.g. -r or --index-url).
            List<string> command =
            [
                "python3", "-m", "pip", "install",
                "--target", OwnedPaths.PythonDepsDirectory,
                "--no-cache-dir", "--disable-pip-version-check", "--no-input",
                "--",
            ];
            command.AddRange(requirements);
            containers.Add(new V1Container
            {
                Name = PipInstallContainer,
                Image = app.Spec.SparkImage,
                ImagePullPolicy = app.Spec.SparkImagePullPolicy?.ToString(),
                Command = command,

                // The user's environment may carry PIP_INDEX_URL or proxy settings; S3 keys are no business of pip.
                Env = ContainerEnvironment.For(app, role, withPythonPath: false, withS3Credentials: false),
                EnvFrom = ContainerEnvironment.From(app),
                VolumeMounts = [new V1VolumeMount { Name = OwnedPaths.PythonDepsVolume, MountPath = OwnedPaths.PythonDepsDirectory }],
                TerminationMessagePolicy = "FallbackToLogsOnError",
                SecurityContext = PodSecurity.Container(),
            });
        }

        return containers;
    }

    private static V1Volume EmptyDir(string name) => new() { Name = name, EmptyDir = new V1EmptyDirVolumeSource() };
}
