using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// The built operator (<c>SparkOperator.dll run</c>) as its own process, as it runs in production,
/// so its CPU time and peak RSS can be read from /proc/PID and it can be killed with SIGKILL.
/// Its log goes to a file; the development CA it prints is picked up to register the webhook.
/// </summary>
internal sealed partial class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<string> _caBundle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OperatorProcess(Process process, StreamWriter log, string identity, int webhookPort, int httpPort)
    {
        _process = process;
        _log = log;
        Identity = identity;
        WebhookPort = webhookPort;
        HttpPort = httpPort;
    }

    public string Identity { get; }

    public int WebhookPort { get; }

    public int HttpPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Whether the benchmark killed or stopped it (as opposed to it exiting on its own).</summary>
    public bool StoppedByUs { get; private set; }

    /// <summary>Set once a supervisor started a replacement for it.</summary>
    public bool Replaced { get; set; }

    /// <summary>How it was started (for a replacement).</summary>
    public (string Lease, bool LeaderElection, IDictionary<string, string>? Configuration, bool Webhook) StartedWith { get; set; }

    /// <summary>Base64 PEM of the development CA the webhook's certificate is signed by.</summary>
    public Task<string> CaBundle => _caBundle.Task;

    /// <summary>SparkOperator.dll: <c>SPARKOPERATOR_DLL</c>, else src/SparkOperator/bin/CONFIG/net10.0, else next to this program.</summary>
    public static string FindDll()
    {
        if (Environment.GetEnvironmentVariable("SPARKOPERATOR_DLL") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "SparkOperator", "bin", configuration, "net10.0", "SparkOperator.dll");
            if (File.Exists(Path.Combine(dir.FullName, "SparkOperator.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "SparkOperator.dll");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>dotnet SparkOperator.dll run</c> with the given configuration (<c>--Key=value</c>).</summary>
    public static OperatorProcess Start(string kubeconfig, string identity, string logPath, IDictionary<string, string> configuration)
    {
        var webhookPort = FreePort();
        var httpPort = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(FindDll());
        info.ArgumentList.Add("run");
        var settings = new Dictionary<string, string>
        {
            ["Webhook:Port"] = webhookPort.ToString(CultureInfo.InvariantCulture),
            ["Http:Port"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["Webhook:DevelopmentCertificate"] = "true",
            ["Operator:LeaderElection:LeaseNamespace"] = "default",
        };
        foreach (var (key, value) in configuration)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (name, value) in SparkOperator.Hosting.RuntimeEnvironment.Variables)
        {
            info.Environment[name] = value;
        }

        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment["POD_NAME"] = identity;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var op = new OperatorProcess(process, log, identity, webhookPort, httpPort);
        process.OutputDataReceived += (_, e) => op.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => op.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Log.Info($"operator {identity} started: pid {process.Id}, webhook :{webhookPort}, http :{httpPort}, log {logPath}");
        return op;
    }

    /// <summary>Waits for /readyz on the HTTP port.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"operator {Identity} exited with {_process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/readyz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"operator {Identity} not ready after {timeout}");
    }

    /// <summary>The operator's Prometheus metrics text.</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{HttpPort}/metrics"), cancellationToken);
    }

    /// <summary>User plus system CPU seconds so far, from /proc/PID/stat.</summary>
    public double CpuSeconds() => ProcessCpu.Seconds(Pid);

    /// <summary>Resident set size now (VmRSS) and at its peak (VmHWM), in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kb(line);
            }
        }

        return (rss, peak);
    }

    /// <summary>What the resident memory is: anonymous (GC heap, JIT), file-backed (mapped assemblies), shared (W^X code double-mapping).</summary>
    public string MemoryBreakdown()
    {
        var parts = File.ReadLines($"/proc/{Pid}/status")
            .Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal) || l.StartsWith("RssFile:", StringComparison.Ordinal) || l.StartsWith("RssShmem:", StringComparison.Ordinal))
            .Select(l => $"{l[3..l.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant()} {Kb(l) / 1024 / 1024} MB");
        return string.Join(", ", parts);
    }

    /// <summary>Resets the peak RSS (VmHWM) to the current RSS, so a phase's own peak can be read.</summary>
    public void ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Pid}/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, no lease release.</summary>
    public void Kill9()
    {
        StoppedByUs = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }

        Log.Info($"operator {Identity} (pid {Pid}) killed with SIGKILL");
    }

    /// <summary>SIGTERM and wait for a graceful exit.</summary>
    public async Task StopAsync()
    {
        StoppedByUs = true;
        if (_process.HasExited)
        {
            return;
        }

        await ProcessRunner.RunAsync("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }

        if (!_caBundle.Task.IsCompleted && CaBundlePattern().Match(line) is { Success: true } match)
        {
            _caBundle.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex("caBundle: ([A-Za-z0-9+/=]{40,})")]
    private static partial Regex CaBundlePattern();
}
