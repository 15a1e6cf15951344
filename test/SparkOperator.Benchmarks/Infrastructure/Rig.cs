using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Manifests;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// A benchmark's world: its cluster, the operator process(es), the fake spark-submit and the
/// timeline watches. Taken down (operators stopped, cluster down) on dispose.
/// </summary>
internal sealed class Rig : IAsyncDisposable
{
    private readonly CancellationTokenSource _background = new();
    private readonly List<Task> _tasks = [];
    private readonly List<OperatorProcess> _operators = [];
    private int _started;
    private int _supervisorRestarts;

    private Rig(BenchCluster cluster, string workDirectory)
    {
        Cluster = cluster;
        WorkDirectory = workDirectory;
        Client = cluster.Client();
    }

    public BenchCluster Cluster { get; }

    public IKubernetes Client { get; }

    public string WorkDirectory { get; }

    public Timeline Timeline { get; } = new();

    public FakeSparkSubmit? Submitter { get; private set; }

    public IReadOnlyList<OperatorProcess> Operators => _operators;

    public static async Task<Rig> StartAsync(int nodes, bool audit, CancellationToken cancellationToken)
    {
        var cluster = await BenchCluster.UpAsync(nodes, audit, cancellationToken);
        // Outside the cluster folder, which `down` deletes: the operators' logs are kept for inspection.
        var work = Path.Combine(Path.GetTempPath(), "sparkop-bench-logs", Path.GetFileName(cluster.Directory));
        Directory.CreateDirectory(work);
        return new Rig(cluster, work);
    }

    /// <summary>Starts the fake spark-submit and the timeline watches.</summary>
    public void StartBackground(Func<string, string, bool>? driverSucceeds = null)
    {
        Submitter = new FakeSparkSubmit(Cluster.Client()) { DriverSucceeds = driverSucceeds ?? ((_, _) => true) };
        _tasks.Add(Submitter.RunAsync(_background.Token));
        _tasks.Add(Timeline.RunAsync(Cluster.Client(), _background.Token));
    }

    /// <summary>Starts one operator replica; identity is new per start, as a Deployment's pod name is.</summary>
    public async Task<OperatorProcess> StartOperatorAsync(string lease, bool leaderElection, IDictionary<string, string>? configuration, bool registerWebhook, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _started);
        var identity = $"bench-operator-{n}";
        var settings = new Dictionary<string, string>
        {
            ["Operator:LeaderElection:Enabled"] = leaderElection ? "true" : "false",
            ["Operator:LeaderElection:LeaseName"] = lease,
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var op = OperatorProcess.Start(Cluster.OperatorKubeconfig, identity, Path.Combine(WorkDirectory, $"{identity}.log"), settings);
        op.StartedWith = (lease, leaderElection, configuration, registerWebhook);
        lock (_operators)
        {
            _operators.Add(op);
        }
        await op.WaitReadyAsync(TimeSpan.FromMinutes(2), cancellationToken);
        if (registerWebhook)
        {
            var ca = await op.CaBundle.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            await RegisterWebhookAsync(op.WebhookPort, Convert.FromBase64String(ca), cancellationToken);
        }

        return op;
    }

    /// <summary>Operators that exited on their own and were started again by <see cref="Supervise"/>.</summary>
    public int SupervisorRestarts => Volatile.Read(ref _supervisorRestarts);

    /// <summary>
    /// Plays the Deployment's restart policy: an operator that exits on its own (it stops itself
    /// when it loses the lease, e.g. while the API server is down past the renew deadline) is started again.
    /// </summary>
    public void Supervise()
    {
        _tasks.Add(Task.Run(async () =>
        {
            while (!_background.IsCancellationRequested)
            {
                OperatorProcess[] exited;
                lock (_operators)
                {
                    exited = [.. _operators.Where(o => o.HasExited && !o.StoppedByUs && !o.Replaced)];
                }

                foreach (var gone in exited)
                {
                    gone.Replaced = true;
                    Interlocked.Increment(ref _supervisorRestarts);
                    Log.Info($"operator {gone.Identity} exited on its own; starting a replacement");
                    try
                    {
                        var (lease, election, configuration, webhook) = gone.StartedWith;
                        await StartOperatorAsync(lease, election, configuration, webhook, _background.Token);
                    }
                    catch (Exception e) when (!_background.IsCancellationRequested)
                    {
                        gone.Replaced = false;
                        Log.Info($"replacement failed: {e.Message}");
                    }
                }

                try
                {
                    await Task.Delay(500, _background.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }));
    }

    /// <summary>Waits until <paramref name="op"/> holds the lease.</summary>
    public async Task<double> WaitLeaderAsync(string lease, OperatorProcess op, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            if (await LeaderAsync(lease, cancellationToken) == op.Identity)
            {
                return Stopwatch.GetElapsedTime(start).TotalSeconds;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{op.Identity} did not become leader of {lease}");
    }

    public async Task<string?> LeaderAsync(string lease, CancellationToken cancellationToken)
    {
        try
        {
            var l = await Client.CoordinationV1.ReadNamespacedLeaseAsync(lease, "default", cancellationToken: cancellationToken);
            return l.Spec?.HolderIdentity;
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task RegisterWebhookAsync(int port, byte[] caPem, CancellationToken cancellationToken)
    {
        var config = WebhookManifests.BuildValidatingConfiguration(WebhookManifests.UrlClientConfig(new Uri($"https://127.0.0.1:{port}"), caPem));
        try
        {
            await Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(config.Metadata.Name, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }

        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(config, cancellationToken: cancellationToken);

        // The API server picks webhook configurations up from its own informer: wait until a bad spec is denied.
        var bad = Applications.SparkPi("default", "webhook-probe");
        bad.Spec.Mode = DeployMode.Client;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await Client.CustomObjects.CreateNamespacedCustomObjectAsync(bad, SparkApplication.GroupName, SparkApplication.Version, "default", SparkApplication.Plural, dryRun: "All", cancellationToken: cancellationToken);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.Content?.Contains("admission webhook", StringComparison.Ordinal) == true)
            {
                Log.Info($"webhook registered at https://127.0.0.1:{port}");
                return;
            }
            catch (k8s.Autorest.HttpOperationException)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("the API server did not call the webhook");
    }

    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    /// <summary>Deletes every SparkApplication of the namespace and waits until none is left (finalizers done).</summary>
    public async Task<bool> DeleteAllAsync(string ns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await Client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(SparkApplication.GroupName, SparkApplication.Version, ns, SparkApplication.Plural, cancellationToken: cancellationToken);
                break;
            }
            catch (Exception) when (i < 20)
            {
                await Task.Delay(1000, cancellationToken);
            }
        }

        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            try
            {
                var left = await Client.CustomObjects.ListNamespacedCustomObjectAsync<KubernetesList<SparkApplication>>(
                    SparkApplication.GroupName, SparkApplication.Version, ns, SparkApplication.Plural, cancellationToken: cancellationToken);
                if (left.Items.Count == 0)
                {
                    return true;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(500, cancellationToken);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _background.CancelAsync();
        await Task.WhenAny(Task.WhenAll(_tasks), Task.Delay(5000));
        foreach (var op in _operators.ToList())
        {
            await op.DisposeAsync();
        }

        Client.Dispose();
        if (Environment.GetEnvironmentVariable("SPARKOPERATOR_BENCH_KEEP_CLUSTER") != "1")
        {
            await Cluster.DisposeAsync();
        }

        _background.Dispose();
    }

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB";

    public static string Table(IEnumerable<(string Figure, string Value, string Target, string Verdict)> rows)
    {
        var text = new StringBuilder("| figure | measured | target | verdict |\n|---|---|---|---|\n");
        foreach (var (figure, value, target, verdict) in rows)
        {
            text.Append($"| {figure} | {value} | {target} | {verdict} |\n");
        }

        return text.ToString();
    }
}
