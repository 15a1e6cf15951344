using k8s;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Restarts the test cluster's kube-apiserver and waits until it serves again.</summary>
public static class ApiServer
{
    /// <summary>
    /// Stops and starts kube-apiserver; returns once it serves core resources and whatever
    /// <paramref name="ready"/> checks (custom resources are served a little later than core ones).
    /// </summary>
    public static async Task RestartAsync(IKubernetes client, Func<Task>? ready = null)
    {
        TestCluster.Restart("kube-apiserver");
        await Eventually.UntilAsync(
            async () =>
            {
                await client.CoreV1.ListNamespaceAsync(limit: 1);
                if (ready is not null)
                {
                    await ready();
                }

                return true;
            },
            "kube-apiserver to serve again",
            TimeSpan.FromSeconds(60));
    }
}
