using SparkOperator.Hosting;
using SparkOperator.Policy;

namespace SparkOperator.Submission;

/// <summary>Operator-wide settings that shape every submission.</summary>
public sealed record SubmissionOptions
{
    /// <summary>
    /// spark-submit inside sparkImage when every image keeps it at one path (setting Spark:SubmitPath);
    /// unset, the submit container finds it from the image's SPARK_HOME (see ImageLayout).
    /// </summary>
    public string? SparkSubmitPath { get; init; }

    /// <summary>Value of app.kubernetes.io/managed-by on everything built.</summary>
    public string OperatorName { get; init; } = OperatorDefaults.Name;

    /// <summary>
    /// The API server as the driver and spark-submit reach it. The DNS name (not
    /// $(KUBERNETES_SERVICE_HOST)) because it is in the API server's certificate, needs no IPv6
    /// bracketing and is Spark's own default for the driver (spark.kubernetes.driver.master).
    /// </summary>
    public string Master { get; init; } = "k8s://https://kubernetes.default.svc:443";

    /// <summary>
    /// Seconds a finished submit Job (and its pod with the termination message) is kept. The
    /// operator has read the outcome long before; this only bounds clutter.
    /// </summary>
    public int JobTtlSecondsAfterFinished { get; init; } = 600;

    /// <summary>
    /// Discovery script for executor GPUs inside sparkImage (setting Spark:GpuDiscoveryScript); unset,
    /// the operator ships its own and mounts it into GPU executors (see GpuDiscovery).
    /// </summary>
    public string? GpuDiscoveryScript { get; init; }

    /// <summary>
    /// The JVM's default CA store inside sparkImage, copied into the truststore that adds
    /// s3connection.tls.caSecret, when every image keeps it at one path (setting Spark:JavaCacertsPath);
    /// unset, the init container finds it from the image's JAVA_HOME or its java (see ImageLayout).
    /// </summary>
    public string? JavaCacertsPath { get; init; }

    /// <summary>
    /// The ClusterRole each application's RoleBinding grants its service account (spark-submit and
    /// the driver) in the application's namespace. The operator may bind it without holding its rights.
    /// </summary>
    public string DriverClusterRole { get; init; } = OperatorDefaults.DriverClusterRole;

    /// <summary>Requests and limits of the submit pod where spec.job sets none.</summary>
    public SubmitPodDefaults SubmitPod { get; init; } = SubmitPodDefaults.Default;

    /// <summary>What applications may put into pods, and the identity the pods run as.</summary>
    public PodPolicy Policy { get; init; } = PodPolicy.Default;

    /// <summary>The Ingress offered for Spark UIs (settings SparkUi:Ingress:*); by default none.</summary>
    public SparkUiOptions SparkUi { get; init; } = SparkUiOptions.Default;

    /// <summary>The defaults.</summary>
    public static SubmissionOptions Default { get; } = new();
}
