using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

/// <summary>A Spark history server reading the event logs SparkApplications write.</summary>
[KubernetesEntity(Group = SparkApplication.GroupName, ApiVersion = SparkApplication.Version, Kind = KindName, PluralName = Plural)]
[ShortNames("sparkhistory", "shs")]
[Description("A SparkHistoryServer runs Spark's history server over an event-log directory (the logFileDirectory SparkApplications write to): a Deployment, a Service on port 18080, a ConfigMap with its spark-defaults.conf and optionally an Ingress, all owned by it.")]
[PrinterColumn("Ready", "integer", ".status.readyReplicas", Description = "History server pods ready.")]
[PrinterColumn("URL", "string", ".status.url", Description = "Where the history server's UI and REST API answer.")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed class SparkHistoryServer : CustomKubernetesEntity<SparkHistoryServerSpec, SparkHistoryServerStatus>
{
    public const string KindName = "SparkHistoryServer";
    public const string Plural = "sparkhistoryservers";
}
