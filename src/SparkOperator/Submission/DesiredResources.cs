using k8s;
using k8s.Models;

namespace SparkOperator.Submission;

/// <summary>
/// Everything one attempt of a SparkApplication needs, in the order to apply it (RBAC and the
/// pod templates before the Job that uses them), plus the names and selectors that find what
/// Spark creates from them.
/// </summary>
public sealed record DesiredResources
{
    /// <summary>The account the operator makes; null when the application names an existing one.</summary>
    public required V1ServiceAccount? ServiceAccount { get; init; }

    /// <summary>Its binding to the driver's ClusterRole; null with it.</summary>
    public required V1RoleBinding? RoleBinding { get; init; }

    /// <summary>The account the submit pod, the driver and the executors run as.</summary>
    public required string ServiceAccountName { get; init; }
    public required V1ConfigMap PodTemplates { get; init; }
    public required V1Job SubmitJob { get; init; }

    /// <summary>The Spark UI's Service and Ingress, when spec.sparkUi asks (and the operator offers an Ingress).</summary>
    public V1Service? SparkUiService { get; init; }
    public V1Ingress? SparkUiIngress { get; init; }

    /// <summary>What status.sparkUi says once this attempt is written.</summary>
    public Entities.SparkUiStatus? SparkUi { get; init; }

    public required int Attempt { get; init; }
    public required string SubmitJobName { get; init; }
    public required string DriverPodName { get; init; }

    /// <summary>Label selector of this attempt's driver pod (from our template labels, not Spark's).</summary>
    public required string DriverSelector { get; init; }

    /// <summary>Label selector of this attempt's executor pods.</summary>
    public required string ExecutorSelector { get; init; }

    /// <summary>Label selector of this attempt's submit Job pod(s).</summary>
    public required string SubmitPodSelector { get; init; }

    /// <summary>The objects in apply order.</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> InApplyOrder() =>
        new IKubernetesObject<V1ObjectMeta>?[] { ServiceAccount, RoleBinding, PodTemplates }.Concat(BeforeJob()).Append(SubmitJob).OfType<IKubernetesObject<V1ObjectMeta>>().ToList();

    /// <summary>The objects that go with the Job but that it does not need.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> BeforeJob()
    {
        if (SparkUiService is not null)
        {
            yield return SparkUiService;
        }

        if (SparkUiIngress is not null)
        {
            yield return SparkUiIngress;
        }
    }
}
