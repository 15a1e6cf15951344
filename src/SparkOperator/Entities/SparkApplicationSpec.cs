using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("What to run and how: the Spark image, the application artifact and its arguments, Spark configuration, dependencies, volumes and the resources of the driver, the executors and the submitting Job.")]
public sealed class SparkApplicationSpec
{
    [Description("Free-form version of the application, for people; the operator does not interpret it.")]
    public string? Version { get; set; }

    [Required]
    [Length(minLength: 1)]
    [Description("Container image with Spark, used for the submitting Job, the driver and the executors, e.g. apache/spark:4.1.1.")]
    public string SparkImage { get; set; } = "";

    [Description("When the kubelet pulls sparkImage: Always, IfNotPresent or Never. Defaults to the cluster's rule (Always for :latest or no tag, else IfNotPresent).")]
    public ImagePullPolicy? SparkImagePullPolicy { get; set; }

    [Description("Secrets in the application's namespace holding registry credentials for sparkImage and image.")]
    public IList<V1LocalObjectReference>? SparkImagePullSecrets { get; set; }

    [Description("Optional job image whose /jobs directory is copied by an init container into /spark/jobs in the driver and executors, for artifacts not in sparkImage (use mainApplicationFile local:///spark/jobs/...).")]
    public string? Image { get; set; }

    [Description("spark-submit deploy mode. Only cluster is supported; client is rejected by the admission webhook.")]
    public DeployMode? Mode { get; set; }

    [Required]
    [Length(minLength: 1)]
    [Description("The application artifact: a jar or a Python file, as a URI Spark can read (local://, file://, an absolute path, s3a://, http(s)://, hdfs://).")]
    public string MainApplicationFile { get; set; } = "";

    [Description("Fully qualified main class of a JVM application (required for a .jar, not allowed for a Python file).")]
    public string? MainClass { get; set; }

    [Description("Arguments passed to the application, one list item per argument. An item written for a shell, wrapped whole in one pair of matching quotes, is unwrapped (with an admission warning).")]
    public IList<string>? Args { get; set; }

    [Description("Spark configuration, passed as --conf key=value after the operator's own settings so that it wins. Keys the operator owns (master, deploy mode, namespace, pod templates, service account, images) are rejected.")]
    public IDictionary<string, string>? SparkConf { get; set; }

    [Description("Dependencies resolved at submission or pod start: Python requirements, Maven packages and repositories.")]
    public Dependencies? Deps { get; set; }

    [Description("S3 connection used for s3a:// paths: endpoint, region, addressing style, credentials and TLS.")]
    public S3Connection? S3connection { get; set; }

    [Description("Where the driver writes Spark's event logs (spark.eventLog.enabled and spark.eventLog.dir), for a SparkHistoryServer to replay the application: an S3 prefix through s3connection, a PersistentVolumeClaim mounted into the driver, or a URI.")]
    public LogFileDirectory? LogFileDirectory { get; set; }

    [Description("Volumes added to the driver and executor pods (and the submitting Job's pod when it mounts them). Mount them per role with volumeMounts.")]
    public IList<V1Volume>? Volumes { get; set; }

    [Description("Environment variables set in the driver, executor and submitting containers.")]
    public IList<V1EnvVar>? Env { get; set; }

    [Description("Sources of environment variables (ConfigMaps, Secrets) for the driver, executor and submitting containers.")]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

    [Description("The driver pod: resources, mounts, placement, metadata and the ServiceAccount the submit, driver and executor pods run as.")]
    public DriverSpec? Driver { get; set; }

    [Description("The executor pods: how many, their resources, mounts, GPUs, placement and metadata.")]
    public ExecutorSpec? Executor { get; set; }

    [Description("The pod of the Job that runs spark-submit: resources, mounts, placement and metadata.")]
    public RoleSpec? Job { get; set; }

    [Description("Metadata of the ServiceAccount the operator makes for the application (<app>-spark), e.g. a cloud workload identity annotation. Not allowed with driver.serviceAccountName, whose account the operator does not make.")]
    public ServiceAccountSpec? ServiceAccount { get; set; }

    [Description("Whether and when a failed (or, with Always, a finished) application is run again.")]
    public RestartPolicy? RestartPolicy { get; set; }

    [Range(minimum: 0)]
    [Description("Seconds after the application finished (Succeeded or Failed) before the operator deletes it and everything it created. Unset keeps it.")]
    public long? TimeToLiveSeconds { get; set; }

    [Range(minimum: 1)]
    [Description("Seconds the submit pod or the driver pod may stay Pending (unschedulable, image not pulled) before the attempt fails with the pod's reason. Unset uses the operator's default (Lifecycle:DefaultDriverStartTimeout, 10 minutes).")]
    public long? DriverStartTimeoutSeconds { get; set; }

    [Range(minimum: 1)]
    [Description("Seconds the driver may run, counted from when the operator first sees it running. Past it the attempt fails (reason RunTimeout, retried as restartPolicy says for a failed run) and its driver and executor pods are deleted. Unset lets it run forever.")]
    public long? RunTimeoutSeconds { get; set; }

    [Description("The driver's Spark UI behind a Service (and an Ingress when the operator offers one); the addresses go into status.sparkUi.")]
    public SparkUiSpec? SparkUi { get; set; }

    [Description("Metrics endpoints of the driver and executors.")]
    public MonitoringSpec? Monitoring { get; set; }
}
