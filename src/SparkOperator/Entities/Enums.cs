using System.Text.Json.Serialization;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("When the kubelet pulls an image.")]
public enum ImagePullPolicy
{
    Always,
    IfNotPresent,
    Never,
}

[Description("spark-submit deploy mode.")]
public enum DeployMode
{
    [JsonStringEnumMemberName("cluster")]
    Cluster,

    [JsonStringEnumMemberName("client")]
    Client,
}

[Description("Whether an application is run again: Never, OnFailure (after a failed submission or run, up to the retry limits) or Always (also after success).")]
public enum RestartPolicyType
{
    Never,
    OnFailure,
    Always,
}

[Description("Where an application is in its lifecycle.")]
public enum ApplicationPhase
{
    Pending,
    Submitted,
    Running,
    Succeeded,
    Failed,
    Unknown,
}
