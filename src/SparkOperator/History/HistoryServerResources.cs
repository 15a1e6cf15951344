using k8s;
using k8s.Models;

namespace SparkOperator.History;

/// <summary>The objects one SparkHistoryServer becomes.</summary>
public sealed record HistoryServerResources(V1ConfigMap ConfigMap, V1Deployment Deployment, V1Service Service, V1Ingress? Ingress)
{
    /// <summary>In the order they are applied: the ConfigMap before the Deployment that mounts it.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> InApplyOrder()
    {
        yield return ConfigMap;
        yield return Service;
        yield return Deployment;
        if (Ingress is not null)
        {
            yield return Ingress;
        }
    }
}
