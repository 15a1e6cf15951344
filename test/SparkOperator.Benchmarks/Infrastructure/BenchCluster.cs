using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SparkOperator.Manifests;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// A control plane of its own from shared/k8s/cluster.sh with <c>KUBEBOX_RUNNER=off</c> (the benchmark
/// plays spark-submit, so the real runner must not race it), enough fake nodes, the SparkApplication
/// CRD, and, when asked, an audit log of the operator's own requests: the operator authenticates
/// with a token of its own user, so its API calls can be counted by verb and resource exactly,
/// apart from the benchmark's, the controller manager's and KWOK's.
/// </summary>
internal sealed partial class BenchCluster : IAsyncDisposable
{
    public const string OperatorUser = "spark-operator-bench";
    private const string OperatorToken = "sparkoperatorbenchtoken0123456789";

    private readonly Dictionary<string, string> _environment = new() { ["KUBEBOX_RUNNER"] = "off" };

    private BenchCluster(string script, string directory)
    {
        Script = script;
        Directory = directory;
    }

    public string Script { get; }

    public string Directory { get; }

    public string Kubeconfig => Path.Combine(Directory, "kubeconfig");

    /// <summary>Kubeconfig the operator runs with: the API server, as user <see cref="OperatorUser"/>.</summary>
    public string OperatorKubeconfig => Path.Combine(Directory, "operator.kubeconfig");

    public string AuditLogPath => Path.Combine(Directory, "audit.log");

    public string BinDirectory { get; private set; } = "";

    public static string FindScript()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SPARKOPERATOR_SHARED_DIR") is { Length: > 0 } shared)
        {
            candidates.Add(Path.Combine(shared, "k8s", "cluster.sh"));
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "shared", "k8s", "cluster.sh"));
        }

        candidates.Add("/work/shared/k8s/cluster.sh");
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("shared/k8s/cluster.sh not found; set SPARKOPERATOR_SHARED_DIR");
    }

    /// <summary>
    /// Starts the cluster with two nodes (cluster.sh's own readiness wait is short for many nodes
    /// on a busy machine), then adds fake nodes up to <paramref name="nodes"/> and waits for them.
    /// </summary>
    public static async Task<BenchCluster> UpAsync(int nodes, bool audit, CancellationToken cancellationToken)
    {
        var script = FindScript();
        var directory = Path.Combine(Path.GetTempPath(), $"sparkop-bench-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        var cluster = new BenchCluster(script, directory);
        Log.Info($"cluster.sh up {directory} (KUBEBOX_RUNNER=off)");
        var (code, output) = await ProcessRunner.RunAsync("bash", [script, "up", directory, "2"], TimeSpan.FromMinutes(4), cluster._environment);
        if (code != 0)
        {
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"cluster.sh up failed ({code}): {output}");
        }

        try
        {
            var install = await ProcessRunner.RunAsync("bash", [script, "install"], TimeSpan.FromMinutes(2));
            cluster.BinDirectory = install.Output.Trim().Split('\n')[^1].Trim();
            await cluster.AddNodesAsync(nodes, cancellationToken);
            if (audit)
            {
                await cluster.EnableOperatorAuditAsync(cancellationToken);
            }
            else
            {
                await cluster.WriteOperatorKubeconfigAsync(usingToken: false);
            }

            await cluster.InstallCrdAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public IKubernetes Client(int timeoutSeconds = 100)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig);
        config.HttpClientTimeout = TimeSpan.FromSeconds(timeoutSeconds);
        return new Kubernetes(config);
    }

    /// <summary>Stops and starts one component (etcd, kube-apiserver, ...), then waits for the API server.</summary>
    public async Task RestartAsync(string component, CancellationToken cancellationToken)
    {
        var (code, output) = await ProcessRunner.RunAsync("bash", [Script, "restart", Directory, component], TimeSpan.FromMinutes(2), _environment);
        if (code != 0)
        {
            throw new InvalidOperationException($"cluster.sh restart {component} failed: {output}");
        }

        await WaitForApiServerAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

    public async Task WaitForApiServerAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (code, _) = await ProcessRunner.RunAsync(Path.Combine(BinDirectory, "kubectl"), ["--kubeconfig", Kubeconfig, "get", "--raw", "/readyz"], TimeSpan.FromSeconds(10));
            if (code == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the API server did not become ready");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>CPU seconds (user + system) the kube-apiserver and etcd processes used so far.</summary>
    public double ControlPlaneCpuSeconds() => new[] { "kube-apiserver", "etcd" }.Sum(ComponentCpuSeconds);

    /// <summary>The cluster's processes (etcd, kube-apiserver, controller manager, scheduler, KWOK) by name.</summary>
    public IReadOnlyList<string> Components =>
        [.. System.IO.Directory.GetFiles(Path.Combine(Directory, "pid")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>CPU seconds (user + system) one cluster process used so far; 0 when it is not running.</summary>
    public double ComponentCpuSeconds(string name)
    {
        var pidFile = Path.Combine(Directory, "pid", name);
        return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) ? ProcessCpu.Seconds(pid) : 0;
    }

    /// <summary>
    /// The API server's own count of the requests it served (<c>apiserver_request_total</c>), summed
    /// over codes and scopes, by "VERB resource[/subresource]": every client's requests, not only the operator's.
    /// </summary>
    public async Task<Dictionary<string, double>> ApiServerRequestTotalsAsync()
    {
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(BinDirectory, "kubectl"), ["--kubeconfig", Kubeconfig, "get", "--raw", "/metrics"], TimeSpan.FromSeconds(30));
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        if (code != 0)
        {
            return totals;
        }

        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith("apiserver_request_total{", StringComparison.Ordinal))
            {
                continue;
            }

            var labels = LabelPattern().Matches(line).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            var resource = labels.GetValueOrDefault("resource", "");
            if (labels.GetValueOrDefault("subresource", "") is { Length: > 0 } sub)
            {
                resource += "/" + sub;
            }

            var key = $"{labels.GetValueOrDefault("verb", "")} {resource}";
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            totals[key] = totals.GetValueOrDefault(key) + value;
        }

        return totals;
    }

    [GeneratedRegex("([a-z_]+)=\"([^\"]*)\"")]
    private static partial Regex LabelPattern();

    public Task<(int ExitCode, string Output)> KubeboxAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        ProcessRunner.RunAsync(Path.Combine(BinDirectory, "kubebox"), arguments, timeout);

    public async ValueTask DisposeAsync()
    {
        Log.Info($"cluster.sh down {Directory}");
        await ProcessRunner.RunAsync("bash", [Script, "down", Directory], TimeSpan.FromMinutes(2), _environment);
    }

    private async Task AddNodesAsync(int nodes, CancellationToken cancellationToken)
    {
        if (nodes <= 2)
        {
            return;
        }

        var yaml = new StringBuilder();
        for (var i = 3; i <= nodes; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                apiVersion: v1
                kind: Node
                metadata:
                  name: kwok-node-{i}
                  annotations: {"{"}kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"{"}"}
                  labels: {"{"}kubernetes.io/hostname: kwok-node-{i}, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok{"}"}
                spec:
                  providerID: kwok://kwok-node-{i}
                status:
                  allocatable: {"{"}cpu: "32", memory: 256Gi, pods: "110"{"}"}
                  capacity: {"{"}cpu: "32", memory: 256Gi, pods: "110"{"}"}
                ---

                """);
        }

        var kubectl = Path.Combine(BinDirectory, "kubectl");
        var (code, output) = await ProcessRunner.RunAsync(kubectl, ["--kubeconfig", Kubeconfig, "apply", "-f", "-"], TimeSpan.FromMinutes(1), stdin: yaml.ToString());
        if (code != 0)
        {
            throw new InvalidOperationException($"adding nodes failed: {output}");
        }

        using var client = Client();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var list = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
            var ready = list.Items.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            if (ready >= nodes)
            {
                Log.Info($"{ready} fake nodes Ready");
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"only {ready} of {nodes} nodes became Ready");
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    /// <summary>
    /// Restarts the API server with a static token for the operator's user and an audit policy
    /// that logs that user's requests (metadata only) and nothing else.
    /// </summary>
    private async Task EnableOperatorAuditAsync(CancellationToken cancellationToken)
    {
        var pki = Path.Combine(Directory, "pki");
        await File.AppendAllTextAsync(Path.Combine(pki, "tokens.csv"), $"\n{OperatorToken},{OperatorUser},{OperatorUser},system:masters\n", cancellationToken);
        var policy = Path.Combine(Directory, "audit-policy.yaml");
        await File.WriteAllTextAsync(policy, $"""
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived]
            rules:
            - level: Metadata
              users: ["{OperatorUser}"]
            - level: None
            """, cancellationToken);
        var cmd = Path.Combine(Directory, "cmd", "kube-apiserver");
        var argv = (await File.ReadAllTextAsync(cmd, cancellationToken)).TrimEnd('\0').Split('\0').ToList();
        argv.Add($"--audit-policy-file={policy}");
        argv.Add($"--audit-log-path={AuditLogPath}");
        argv.Add("--audit-log-format=json");
        await File.WriteAllTextAsync(cmd, string.Join('\0', argv) + '\0', cancellationToken);
        await RestartAsync("kube-apiserver", cancellationToken);
        await WriteOperatorKubeconfigAsync(usingToken: true);
        Log.Info($"API server audits user {OperatorUser} to {AuditLogPath}");
    }

    private async Task WriteOperatorKubeconfigAsync(bool usingToken)
    {
        if (!usingToken)
        {
            File.Copy(Kubeconfig, OperatorKubeconfig, overwrite: true);
            return;
        }

        var admin = await File.ReadAllTextAsync(Kubeconfig);
        var server = ServerPattern().Match(admin).Groups[1].Value.Trim();
        await File.WriteAllTextAsync(OperatorKubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: bench
              cluster:
                server: {server}
                certificate-authority: {Path.Combine(Directory, "pki", "ca.crt")}
            users:
            - name: {OperatorUser}
              user:
                token: {OperatorToken}
            contexts:
            - name: bench
              context: {"{"}cluster: bench, user: {OperatorUser}{"}"}
            current-context: bench
            """);
    }

    private async Task InstallCrdAsync(CancellationToken cancellationToken)
    {
        foreach (var crd in InstallManifests.AllCrds(null))
        {
            await InstallCrdAsync(crd, cancellationToken);
        }
    }

    private async Task InstallCrdAsync(V1CustomResourceDefinition crd, CancellationToken cancellationToken)
    {
        using var client = Client();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var read = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
            if (read.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"the CRD {crd.Metadata.Name} was not established");
    }

    public static async Task EnsureNamespaceAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }

        // Pods need the namespace's default service account to exist before they are admitted.
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await client.CoreV1.ReadNamespacedServiceAccountAsync("default", name, cancellationToken: cancellationToken);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    [GeneratedRegex(@"server:\s*(\S+)")]
    private static partial Regex ServerPattern();
}
