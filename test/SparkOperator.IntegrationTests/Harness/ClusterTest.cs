using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using NUnit.Framework.Interfaces;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// Base of a test against the real control plane: a client, a fresh namespace per test (deleted
/// afterwards), and a log of what the test saw, printed when it fails.
/// </summary>
public abstract class ClusterTest
{
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly Stopwatch _clock = new();
    private readonly List<Func<ValueTask>> _cleanups = [];

    /// <summary>A client for the test cluster.</summary>
    protected IKubernetes Client { get; private set; } = null!;

    /// <summary>This test's namespace.</summary>
    protected string Namespace { get; private set; } = string.Empty;

    [SetUp]
    public async Task CreateNamespaceAsync()
    {
        TestCluster.Require();
        _clock.Restart();
        Client = TestCluster.CreateClient();
        var name = $"t-{TestContext.CurrentContext.Test.MethodName?.ToLowerInvariant().Replace('_', '-')}";
        Namespace = $"{name[..Math.Min(name.Length, 50)].TrimEnd('-')}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        await WaitForNamespaceDefaultsAsync();
        Saw($"namespace {Namespace} created");
    }

    // The controller manager publishes kube-root-ca.crt and the default ServiceAccount into a new
    // namespace a moment after it exists. A kubelet would wait for the ConfigMap before starting a
    // pod that mounts it; the cluster's spark-submit runner fails the pod at once instead, so a test
    // that submits within that moment on a busy machine would fail for a reason no user can meet.
    private async Task WaitForNamespaceDefaultsAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var configMaps = await Client.CoreV1.ListNamespacedConfigMapAsync(Namespace, fieldSelector: "metadata.name=kube-root-ca.crt");
            var accounts = await Client.CoreV1.ListNamespacedServiceAccountAsync(Namespace, fieldSelector: "metadata.name=default");
            if (configMaps.Items.Count > 0 && accounts.Items.Count > 0)
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"namespace {Namespace}: the controller manager did not publish kube-root-ca.crt and the default ServiceAccount within 60 s");
            }

            await Task.Delay(50);
        }
    }

    [TearDown]
    public async Task DeleteNamespaceAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        var state = string.Empty;
        if (failed && Client is not null)
        {
            try
            {
                state = await DescribeAsync();
            }
            catch (Exception e)
            {
                state = $"describing the namespace failed: {e.Message}";
            }
        }

        for (var i = _cleanups.Count - 1; i >= 0; i--)
        {
            try
            {
                await _cleanups[i]();
            }
            catch (Exception e)
            {
                Saw($"cleanup failed: {e.Message}");
            }
        }

        _cleanups.Clear();
        if (failed)
        {
            TestContext.Out.WriteLine($"What the test saw:\n{string.Join('\n', _seen)}");
            TestContext.Out.WriteLine(state);
            if (TestCluster.Directory is { } dir)
            {
                TestContext.Out.WriteLine($"Cluster logs: {Path.Combine(dir, "logs")}");
            }
        }

        if (Client is not null && Namespace.Length > 0)
        {
            try
            {
                await Client.CoreV1.DeleteNamespaceAsync(Namespace);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
            }

            Client.Dispose();
        }
    }

    /// <summary>What the cluster holds for this test, printed when it fails (read before clean-up).</summary>
    protected virtual Task<string> DescribeAsync() => Task.FromResult(string.Empty);

    /// <summary>Records a line for the failure report, with the time since the test started.</summary>
    protected void Saw(string line) => _seen.Enqueue($"{_clock.Elapsed.TotalSeconds,7:0.00}s {line}");

    /// <summary>Everything recorded so far.</summary>
    protected string Seen() => string.Join('\n', _seen);

    /// <summary>Runs <paramref name="cleanup"/> at tear-down, last registered first.</summary>
    protected void OnTearDown(Func<ValueTask> cleanup) => _cleanups.Add(cleanup);
}
