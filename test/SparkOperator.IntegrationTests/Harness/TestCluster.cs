using k8s;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// The control plane of this test run: one cluster started by <see cref="SparkOperator.IntegrationTests.ClusterSetUp"/>, or the one
/// <c>SPARKOPERATOR_TEST_KUBECONFIG</c> names (then never started nor stopped here). Tests call
/// <see cref="Require"/> first: without a control plane they are ignored locally and fail in CI.
/// </summary>
public static class TestCluster
{
    private static string? _unavailable = "the cluster set-up has not run";

    /// <summary>Whether a control plane is available and set up.</summary>
    public static bool IsAvailable => _unavailable is null;

    /// <summary>Path of the kubeconfig the tests use.</summary>
    public static string Kubeconfig { get; private set; } = string.Empty;

    /// <summary>The cluster folder (logs/, pods/NS/POD/log, env) when this run started the cluster; null for an external one.</summary>
    public static string? Directory { get; private set; }

    /// <summary>The cluster.sh this run used; null for an external cluster.</summary>
    public static string? Script { get; private set; }

    /// <summary>etcd's client URL (from DIR/env), or null for an external cluster.</summary>
    public static string? EtcdUrl { get; private set; }

    /// <summary>The folder of the kit's binaries (kubectl), from KUBEBUILDER_ASSETS in DIR/env; null for an external cluster.</summary>
    public static string? BinDirectory { get; private set; }

    /// <summary>Whether pods are simulated by the kit's KWOK (driver outcomes from annotations, spark-submit run for real).</summary>
    public static bool HasKwok => Directory is not null;

    /// <summary>A fresh client for the test cluster (admin rights).</summary>
    public static IKubernetes CreateClient() => new Kubernetes(Configuration());

    /// <summary>The client configuration of the test cluster.</summary>
    public static KubernetesClientConfiguration Configuration() =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig);

    /// <summary>Ignores the test (or fails it when CI=true) when no control plane is available.</summary>
    public static void Require()
    {
        if (_unavailable is null)
        {
            return;
        }

        var message = $"No Kubernetes control plane: {_unavailable}. Set SPARKOPERATOR_TEST_KUBECONFIG to a cluster's kubeconfig, "
            + "or make ../shared/k8s/cluster.sh available (or SPARKOPERATOR_SHARED_DIR) so the tests start one.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    /// <summary>Stops and starts one component (etcd, kube-apiserver, ...) of the cluster this run started.</summary>
    public static void Restart(string component)
    {
        RequireOwnCluster();
        var (code, output) = ClusterScript.Run(Script!, TimeSpan.FromSeconds(60), "restart", Directory!, component);
        Assert.That(code, Is.Zero, output);
    }

    /// <summary>Stops one component of the cluster this run started (start it again with <see cref="Restart"/>).</summary>
    public static void Stop(string component)
    {
        RequireOwnCluster();
        var (code, output) = ClusterScript.Run(Script!, TimeSpan.FromSeconds(60), "stop", Directory!, component);
        Assert.That(code, Is.Zero, output);
    }

    /// <summary>Ignores a test that needs fault injection when the cluster is external.</summary>
    public static void RequireOwnCluster()
    {
        Require();
        if (Directory is null)
        {
            Assert.Ignore("This test restarts cluster components; it needs the cluster the run starts itself (unset SPARKOPERATOR_TEST_KUBECONFIG).");
        }
    }

    internal static void Available(string kubeconfig, string? directory, string? script)
    {
        Kubeconfig = kubeconfig;
        Directory = directory;
        Script = script;
        _unavailable = null;
        if (directory is not null && File.Exists(Path.Combine(directory, "env")))
        {
            var env = File.ReadAllLines(Path.Combine(directory, "env"));
            string? Value(string name) => env
                .Where(l => l.StartsWith($"export {name}=", StringComparison.Ordinal))
                .Select(l => l[$"export {name}=".Length..].Trim('"', '\''))
                .FirstOrDefault();
            EtcdUrl = Value("KUBEBOX_ETCD");
            BinDirectory = Value("KUBEBUILDER_ASSETS");
        }
    }

    /// <summary>Ignores a test that needs the kit's simulator (KWOK drivers, spark-submit runner, pod logs on disk).</summary>
    public static void RequireKwok()
    {
        Require();
        if (!HasKwok)
        {
            Assert.Ignore("This test needs the kubebox kit (KWOK ends drivers by annotation, spark-submit logs on disk); SPARKOPERATOR_TEST_KUBECONFIG names another cluster.");
        }
    }

    internal static void Unavailable(string reason) => _unavailable = reason;
}
