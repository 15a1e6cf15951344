namespace SparkOperator.Submission;

/// <summary>
/// Requests and limits the submit pod gets where spec.job says nothing, so that namespaces whose
/// ResourceQuota or LimitRange demands them admit it. spark-submit is a short JVM run: Stackable
/// gives its submit pod the same sizes. An empty value leaves that resource unset.
/// </summary>
public sealed record SubmitPodDefaults
{
    /// <summary>Configuration section the operator reads these from (e.g. SubmitPod__CpuLimit=1).</summary>
    public const string Section = "SubmitPod";

    /// <summary>CPU request, a Kubernetes quantity.</summary>
    public string CpuRequest { get; init; } = "100m";

    /// <summary>CPU limit, a Kubernetes quantity.</summary>
    public string CpuLimit { get; init; } = "400m";

    /// <summary>Memory request and limit, a Kubernetes quantity (equal, so the pod is never OOM-killed for others).</summary>
    public string Memory { get; init; } = "512Mi";

    /// <summary>The defaults.</summary>
    public static SubmitPodDefaults Default { get; } = new();
}
