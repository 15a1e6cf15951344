using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("What the operator observed of the history server. Written by the operator only.")]
public sealed class SparkHistoryServerStatus
{
    [Description("The metadata.generation this status was computed from.")]
    public long? ObservedGeneration { get; set; }

    [ListMap("type")]
    [Description("Available: the Deployment has its minimum of ready pods (reason from the Deployment, or InvalidSpec, NameTaken, Refused when nothing could be created).")]
    public IList<V1Condition>? Conditions { get; set; }

    [Description("Pods the Deployment wants.")]
    public int? Replicas { get; set; }

    [Description("Pods ready to serve.")]
    public int? ReadyReplicas { get; set; }

    [Description("The Service in front of the history server (port 18080).")]
    public string? ServiceName { get; set; }

    [Description("The UI's and REST API's address: the Ingress's when there is one, else the Service's in-cluster address.")]
    public string? Url { get; set; }
}
