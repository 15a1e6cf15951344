using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

/// <summary>One Apache Spark application, submitted by the operator with spark-submit in cluster mode.</summary>
[KubernetesEntity(Group = GroupName, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
[ShortNames("sparkapp", "sparkapps")]
[Description("A SparkApplication runs one Apache Spark application on Kubernetes: the operator submits it with spark-submit in cluster mode from a Job, and reports its progress in status.")]
[PrinterColumn("Phase", "string", ".status.phase", Description = "Where the application is in its lifecycle.")]
[PrinterColumn("Driver", "string", ".status.driverPodName", Description = "The driver pod of the current attempt.")]
[PrinterColumn("Attempts", "integer", ".status.attempt", Description = "Attempts made so far (submissions and runs).")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed class SparkApplication : CustomKubernetesEntity<SparkApplicationSpec, SparkApplicationStatus>
{
    public const string GroupName = "sparkoperator.dev";
    public const string Version = "v1alpha1";
    public const string KindName = "SparkApplication";
    public const string Plural = "sparkapplications";
    public const string ApiVersionString = GroupName + "/" + Version;
}
