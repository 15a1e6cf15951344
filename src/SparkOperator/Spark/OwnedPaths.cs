namespace SparkOperator.Spark;

/// <summary>
/// Every volume name, mount path and file name the operator puts into the pods it builds: one list,
/// read by the builders and by admission alike. A user's volume may not take one of these names, nor
/// a mount be placed on, above or below one of these paths (the webhook and the controller refuse
/// it), so the builders can rely on them being free.
/// </summary>
public static class OwnedPaths
{
    /// <summary>The container Spark takes from the pod templates (…podTemplateContainerName).</summary>
    public const string SparkContainer = "spark";

    /// <summary>The container of the submit Job's pod.</summary>
    public const string SubmitContainer = "spark-submit";

    /// <summary>The init containers the operator adds (artifacts from spec.image, pip requirements, the S3 truststore).</summary>
    public const string CopyJobsContainer = "copy-jobs";
    public const string PipInstallContainer = "pip-install";
    public const string TrustStoreDefaultsContainer = "truststore-defaults";
    public const string TrustStoreS3CaContainer = "truststore-s3-ca";

    /// <summary>Every init container name the operator uses.</summary>
    public static IReadOnlyList<string> InitContainerNames { get; } =
        [CopyJobsContainer, PipInstallContainer, TrustStoreDefaultsContainer, TrustStoreS3CaContainer];

    /// <summary>Driver and executor pod templates, mounted from the attempt's ConfigMap into the submit pod.</summary>
    public const string PodTemplatesVolume = "spark-pod-templates";
    public const string PodTemplatesDirectory = "/spark/pod-templates";
    public const string DriverTemplateFile = "driver-pod-template.yaml";
    public const string ExecutorTemplateFile = "executor-pod-template.yaml";

    /// <summary>Writable Ivy home for --packages (spark-submit and the driver both resolve).</summary>
    public const string IvyVolume = "spark-ivy";
    public const string IvyDirectory = "/spark/ivy";

    /// <summary>Artifacts copied from spec.image's /jobs.</summary>
    public const string JobsVolume = "spark-jobs";
    public const string JobsDirectory = "/spark/jobs";
    public const string JobsSourceDirectory = "/jobs";

    /// <summary>pip --target of deps.requirements, put on PYTHONPATH.</summary>
    public const string PythonDepsVolume = "spark-python-deps";
    public const string PythonDepsDirectory = "/spark/python-deps";

    /// <summary>The private CA of the S3 endpoint (s3connection.tls.caSecret).</summary>
    public const string S3CaVolume = "spark-s3-ca";
    public const string S3CaDirectory = "/spark/s3-ca";

    /// <summary>The JVM truststore built from the image's CAs plus the S3 CA.</summary>
    public const string TrustStoreVolume = "spark-truststore";
    public const string TrustStoreDirectory = "/spark/truststore";

    /// <summary>The PersistentVolumeClaim of logFileDirectory, in the driver and the history server.</summary>
    public const string EventLogVolume = "spark-event-logs";
    public const string EventLogDirectory = "/spark/event-logs";

    /// <summary>
    /// The GPU discovery script the operator ships in the attempt's ConfigMap and mounts into GPU
    /// executors, so it does not depend on where (or whether) an image keeps Spark's example script.
    /// </summary>
    public const string GpuDiscoveryVolume = "spark-gpu-discovery";
    public const string GpuDiscoveryDirectory = "/spark/gpu-discovery";
    public const string GpuDiscoveryFile = "discover-gpus.sh";

    /// <summary>The history server's spark-defaults.conf, from its ConfigMap.</summary>
    public const string HistoryConfVolume = "spark-history-conf";
    public const string HistoryConfDirectory = "/spark/history-conf";
    public const string HistoryConfFile = "spark-defaults.conf";

    /// <summary>The history server's only writable directory: its root file system is read-only.</summary>
    public const string HistoryTmpVolume = "tmp";
    public const string HistoryTmpDirectory = "/tmp";

    /// <summary>The history server's container.</summary>
    public const string HistoryContainer = "spark-history";

    /// <summary>Every directory the operator mounts into a container it builds.</summary>
    public static IReadOnlyList<string> MountPaths { get; } =
        [PodTemplatesDirectory, IvyDirectory, JobsDirectory, PythonDepsDirectory, S3CaDirectory, TrustStoreDirectory, EventLogDirectory, GpuDiscoveryDirectory];

    /// <summary>Every volume name the operator adds to a pod it builds.</summary>
    public static IReadOnlyList<string> VolumeNames { get; } =
        [PodTemplatesVolume, IvyVolume, JobsVolume, PythonDepsVolume, S3CaVolume, TrustStoreVolume, EventLogVolume, GpuDiscoveryVolume];
}
