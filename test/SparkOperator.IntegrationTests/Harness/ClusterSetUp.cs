using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests;

/// <summary>
/// Lives in the root namespace so NUnit runs it once around every test of the assembly.
/// Starts one cluster for the whole test run (or adopts <c>SPARKOPERATOR_TEST_KUBECONFIG</c>) and
/// takes it down at the end, on Ctrl-C and on process exit, so an interrupted run leaves nothing behind.
/// A cluster it started audits the operator's ServiceAccount from the start (<see cref="ApiServerAudit"/>).
/// </summary>
[SetUpFixture]
public sealed class ClusterSetUp
{
    private static int _stopped;
    private static string? _directory;
    private static string? _script;

    private static readonly System.Diagnostics.Stopwatch Clock = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Clock.Start();
        Start();
        if (TestCluster.IsAvailable && TestCluster.Directory is not null && await ApiServerAudit.EnableAsync() is { } failure)
        {
            StopCluster();
            TestCluster.Unavailable(failure);
        }

        if (TestCluster.IsAvailable)
        {
            await InstallAsync();
        }
    }

    /// <summary>The generated CRD and RBAC, as a user installs them (the operator's namespace first, for its ServiceAccount).</summary>
    private static async Task InstallAsync()
    {
        foreach (var arguments in new[]
        {
            new[] { "apply", "--server-side", "-f", RepositoryFiles.Path("config", "manager", "namespace.yaml") },
            ["apply", "--server-side", "-k", RepositoryFiles.Path("config", "crd")],
            ["apply", "--server-side", "-k", RepositoryFiles.Path("config", "rbac")],
            ["wait", "--for=condition=Established", "crd/sparkapplications.sparkoperator.dev", "crd/sparkhistoryservers.sparkoperator.dev", "--timeout=60s"],
        })
        {
            var (code, output) = await Kubectl.RunAsync(arguments);
            if (code != 0)
            {
                TestCluster.Unavailable($"kubectl {string.Join(' ', arguments)} failed: {output}");
                return;
            }
        }
    }

    private static void Start()
    {
        if (Environment.GetEnvironmentVariable("SPARKOPERATOR_TEST_KUBECONFIG") is { Length: > 0 } external)
        {
            if (File.Exists(external))
            {
                TestCluster.Available(external, null, null);
            }
            else
            {
                TestCluster.Unavailable($"SPARKOPERATOR_TEST_KUBECONFIG={external} does not exist");
            }

            return;
        }

        var shared = ClusterScript.FindSharedDirectory();
        if (shared is null)
        {
            TestCluster.Unavailable("shared/k8s/cluster.sh was not found");
            return;
        }

        _script = Path.Combine(shared, "k8s", "cluster.sh");
        TakeDownLeftovers(_script);
        _directory = Path.Combine(Path.GetTempPath(), $"sparkop-it-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopCluster();
        Console.CancelKeyPress += (_, _) => StopCluster();

        var (code, output) = ClusterScript.Run(_script, TimeSpan.FromMinutes(3), "up", _directory);
        TestContext.Progress.WriteLine($"cluster.sh up {_directory}: exit {code}\n{output}");
        if (code != 0)
        {
            StopCluster();
            TestCluster.Unavailable($"cluster.sh up failed (exit {code}): {output}");
            return;
        }

        TestCluster.Available(Path.Combine(_directory, "kubeconfig"), _directory, _script);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        ServiceAccountKubeconfig.DeleteAll();
        StopCluster();
        TestContext.Progress.WriteLine($"Integration tests took {Clock.Elapsed.TotalSeconds:0.0} s (cluster start and stop included).");
    }

    /// <summary>Takes down clusters of earlier runs whose test process died without cleaning up (e.g. SIGKILL).</summary>
    private static void TakeDownLeftovers(string script)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "sparkop-it-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length >= 3 && int.TryParse(parts[2], out var pid) && !IsAlive(pid))
            {
                ClusterScript.Run(script, TimeSpan.FromMinutes(1), "down", dir);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void StopCluster()
    {
        if (_directory is null || _script is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        ClusterScript.Run(_script, TimeSpan.FromMinutes(1), "down", _directory);
    }
}
