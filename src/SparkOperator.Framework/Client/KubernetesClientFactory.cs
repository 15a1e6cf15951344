using k8s;

namespace SparkOperator.Framework.Client;

/// <summary>The operator's API client: KubernetesClient with response bodies read asynchronously (<see cref="BufferedResponseHandler"/>).</summary>
public static class KubernetesClientFactory
{
    /// <summary>A client for <paramref name="configuration"/>.</summary>
    public static IKubernetes Create(KubernetesClientConfiguration configuration) =>
        new Kubernetes(configuration, new BufferedResponseHandler());
}
