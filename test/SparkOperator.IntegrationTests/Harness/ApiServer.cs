using k8s;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Restarts the test cluster's kube-apiserver and waits until it serves again.</summary>
public static class ApiServer
{
    /// <summary>Stops and starts kube-apiserver; returns once <c>/readyz</c> answers.</summary>
    public static async Task RestartAsync(IKubernetes client)
    {
        TestCluster.Restart("kube-apiserver");
        await Eventually.UntilAsync(
            async () =>
            {
                await client.CoreV1.ListNamespaceAsync(limit: 1);
                return true;
            },
            "kube-apiserver to serve again",
            TimeSpan.FromSeconds(60));
    }
}
