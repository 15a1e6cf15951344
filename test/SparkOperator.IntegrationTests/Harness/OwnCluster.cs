using k8s;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// A second, fresh control plane from the kit, for a test that installs the operator as a user does
/// (cluster-wide objects such as the webhook configuration would change every other test's cluster).
/// Named like the run's own cluster, so a run that dies leaves it to the next run's clean-up.
/// </summary>
public sealed class OwnCluster : IDisposable
{
    private OwnCluster(string directory)
    {
        Directory = directory;
        Kubeconfig = Path.Combine(directory, "kubeconfig");
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        ApiServer = Client.BaseUri;
    }

    /// <summary>The cluster's folder (kubeconfig, pki/ca.crt, pods/NS/POD/log).</summary>
    public string Directory { get; }

    public string Kubeconfig { get; }

    /// <summary>An admin client.</summary>
    public IKubernetes Client { get; }

    /// <summary>The API server's address.</summary>
    public Uri ApiServer { get; }

    /// <summary>The cluster CA's certificate file.</summary>
    public string CaFile => Path.Combine(Directory, "pki", "ca.crt");

    /// <summary>Starts one with the kit's script (the test run's own cluster must be the kit's).</summary>
    public static OwnCluster Start()
    {
        TestCluster.RequireOwnCluster();
        var directory = Path.Combine(Path.GetTempPath(), $"sparkop-it-{Environment.ProcessId}-own-{Guid.NewGuid().ToString("N")[..6]}");
        var (code, output) = ClusterScript.Run(TestCluster.Script!, TimeSpan.FromMinutes(3), "up", directory);
        if (code != 0)
        {
            ClusterScript.Run(TestCluster.Script!, TimeSpan.FromMinutes(1), "down", directory);
            Assert.Fail($"cluster.sh up {directory} failed (exit {code}): {output}");
        }

        return new OwnCluster(directory);
    }

    /// <summary>Runs kubectl against this cluster from <paramref name="workingDirectory"/>.</summary>
    public Task<(int Code, string Output)> KubectlAsync(IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null) =>
        Kubectl.RunAsync(arguments, timeout: timeout, kubeconfig: Kubeconfig, workingDirectory: workingDirectory);

    public void Dispose()
    {
        Client.Dispose();
        ClusterScript.Run(TestCluster.Script!, TimeSpan.FromMinutes(1), "down", Directory);
    }
}
