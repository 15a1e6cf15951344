using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using k8s;
using SparkOperator.Benchmarks.Infrastructure;
using SparkOperator.Entities;

namespace SparkOperator.Benchmarks.Scenarios;

internal sealed record LoadOptions
{
    public int Apps { get; init; } = 1000;

    public int Concurrency { get; init; } = 16;

    public int Nodes { get; init; } = 20;

    public int IdleApps { get; init; } = 20;

    public int SteadyApps { get; init; } = 5000;

    public int SteadyRunning { get; init; } = 1000;

    public double WebhookRate { get; init; } = 200;

    public int WebhookSeconds { get; init; } = 30;

    public string? Workers { get; init; }
}

/// <summary>
/// The load benchmark: idle latency, webhook latency, then baseline / operator burst / baseline
/// interleaved, the API writes of a whole lifecycle, and a steady state of many tracked applications.
/// Prints a markdown report on stdout.
/// </summary>
internal static partial class LoadBenchmark
{
    private const string Lease = "bench-load";

    public static async Task<int> RunAsync(LoadOptions o, CancellationToken ct)
    {
        var report = new StringBuilder();
        var rows = new List<(string, string, string, string)>();
        await using var rig = await Rig.StartAsync(o.Nodes, audit: true, ct);
        foreach (var ns in new[] { "idle", "burst", "steady" })
        {
            await BenchCluster.EnsureNamespaceAsync(rig.Client, ns, ct);
        }

        var config = new Dictionary<string, string>();
        if (o.Workers is { } w)
        {
            config["Operator:Workers"] = w;
        }

        var steadyRunning = new HashSet<string>(Enumerable.Range(0, o.SteadyRunning).Select(i => Applications.Name("steady", i)));
        rig.StartBackground((ns, name) => !(ns == "steady" && steadyRunning.Contains(name)));
        var op = await rig.StartOperatorAsync(Lease, leaderElection: true, config, registerWebhook: true, ct);
        await rig.WaitLeaderAsync(Lease, op, TimeSpan.FromMinutes(1), ct);
        report.AppendLine(CultureInfo.InvariantCulture, $"operator: `dotnet {OperatorProcess.FindDll()} run` (pid {op.Pid}), workers {o.Workers ?? "default (Operator:Workers unset)"}, leader election on, webhook registered with the API server");

        // 1. Idle latency: one application at a time against a quiet operator.
        var idle = new List<double>();
        for (var i = 0; i < o.IdleApps; i++)
        {
            var app = Applications.SparkPi("idle", Applications.Name("idle", i));
            var (started, _) = await Applications.CreateAsync(rig.Client, [app], 1, ct);
            var key = Timeline.Key("idle", app.Metadata.Name);
            if (await Rig.WaitAsync(() => rig.Timeline.JobSeen.ContainsKey(key), TimeSpan.FromSeconds(60), ct))
            {
                idle.Add(Stopwatch.GetElapsedTime(started[app.Metadata.Name], rig.Timeline.JobSeen[key]).TotalSeconds);
            }

            await Rig.WaitAsync(() => rig.Timeline.Succeeded.ContainsKey(key), TimeSpan.FromSeconds(30), ct);
            await Task.Delay(500, ct);
        }

        var idleP50 = Stats.Percentile(idle, 50);
        Log.Info($"idle create->Job: {Stats.Summary(idle)}");
        rows.Add(("idle create->Job p50 (one app at a time)", $"{Stats.Ms(idleP50)} (p95 {Stats.Ms(Stats.Percentile(idle, 95))}, n={idle.Count})", "< 50 ms", Verdict(idleP50 < 0.050)));

        // 2. Webhook at a fixed rate, good and bad specs mixed.
        var before = await op.MetricsAsync(ct);
        var hook = await WebhookLoad.RunAsync(op.WebhookPort, o.WebhookRate, TimeSpan.FromSeconds(o.WebhookSeconds), 0.3, ct);
        var after = await op.MetricsAsync(ct);

        // The handler's own time (the operator's histogram, sum/count) against the client's: the difference is TLS, Kestrel and scheduling.
        var (sum1, count1) = SumCount(after, "spark_operator_webhook_review_duration_seconds");
        var (sum0, count0) = SumCount(before, "spark_operator_webhook_review_duration_seconds");
        var serverMean = count1 > count0 ? (sum1 - sum0) / (count1 - count0) : double.NaN;
        var hookP99 = Stats.Percentile(hook.Latencies, 99);
        Log.Info($"webhook: {Stats.Summary(hook.Latencies)}; sent {hook.Sent} at {hook.AchievedRate:0} req/s, allowed {hook.Allowed}, denied {hook.Denied}, other {hook.Other}, errors {hook.Errors}");
        rows.Add(($"webhook latency at {Stats.F(hook.AchievedRate, "0")} req/s (70% good, 30% bad specs, {hook.Sent} reviews)", $"p50 {Stats.Ms(Stats.Percentile(hook.Latencies, 50))}, p99 {Stats.Ms(hookP99)}; allowed {hook.Allowed}, denied {hook.Denied}, non-200 {hook.Other}, errors {hook.Errors}", "p99 < 5 ms", Verdict(hookP99 < 0.005)));
        rows.Add(("webhook: handler time inside the operator (its own histogram, mean)", $"{Stats.Ms(serverMean)} (client-side mean {Stats.Ms(hook.Latencies.Average())})", "", ""));

        // 3. Baseline, operator burst, baseline.
        var cp0 = rig.Cluster.ControlPlaneCpuSeconds();
        var snapBaseline1 = await ClusterSnapshot.TakeAsync(rig.Cluster, op);
        var baseline1Clock = Stopwatch.StartNew();
        var baseline1 = await BaselineAsync(rig, o, "baseline-1", ct);
        var baseline1Seconds = baseline1Clock.Elapsed.TotalSeconds;
        var cpBaseline1 = rig.Cluster.ControlPlaneCpuSeconds() - cp0;
        var snapBurst = await ClusterSnapshot.TakeAsync(rig.Cluster, op);
        op.ResetPeak();
        var cpu0 = op.CpuSeconds();
        var cpBurst0 = rig.Cluster.ControlPlaneCpuSeconds();
        var wall0 = DateTime.UtcNow;
        var burstApps = Enumerable.Range(0, o.Apps).Select(i => Applications.SparkPi("burst", Applications.Name("burst", i))).ToList();
        var t0 = Stopwatch.GetTimestamp();
        var (burstStarted, burstFailed) = await Applications.CreateAsync(rig.Client, burstApps, o.Concurrency, ct);
        var createSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        Log.Info($"burst: {burstStarted.Count} created in {createSeconds:0.0} s ({burstFailed} failed)");
        var keys = burstApps.Select(a => Timeline.Key("burst", a.Metadata.Name)).ToList();
        var allJobs = await Rig.WaitAsync(() => keys.All(rig.Timeline.JobSeen.ContainsKey), TimeSpan.FromMinutes(15), ct);
        var lastJob = keys.Where(rig.Timeline.JobSeen.ContainsKey).Select(k => rig.Timeline.JobSeen[k]).DefaultIfEmpty(t0).Max();
        var jobsSeconds = Stopwatch.GetElapsedTime(t0, lastJob).TotalSeconds;
        var cpuJobs = op.CpuSeconds() - cpu0;
        var cpBurst = rig.Cluster.ControlPlaneCpuSeconds() - cpBurst0;
        var snapJobs = await ClusterSnapshot.TakeAsync(rig.Cluster, op);
        var allDone = await Rig.WaitAsync(() => keys.All(rig.Timeline.Succeeded.ContainsKey), TimeSpan.FromMinutes(20), ct);
        var cpu = op.CpuSeconds() - cpu0;
        var (_, peak) = op.Memory();
        var wallDone = DateTime.UtcNow;
        var toJob = keys.Where(k => rig.Timeline.JobSeen.ContainsKey(k)).Select(k => Stopwatch.GetElapsedTime(burstStarted[k["burst/".Length..]], rig.Timeline.JobSeen[k]).TotalSeconds).ToList();
        var toDone = keys.Where(k => rig.Timeline.Succeeded.ContainsKey(k)).Select(k => Stopwatch.GetElapsedTime(burstStarted[k["burst/".Length..]], rig.Timeline.Succeeded[k]).TotalSeconds).ToList();
        var rate = o.Apps / jobsSeconds * 60;
        Log.Info($"burst: all Jobs {allJobs} after {jobsSeconds:0.0} s = {rate:0} submissions/min; all Succeeded {allDone}; create->Job {Stats.Summary(toJob)}");
        var metricsAfterBurst = await op.MetricsAsync(ct);
        var cp2 = rig.Cluster.ControlPlaneCpuSeconds();
        var snapBaseline2 = await ClusterSnapshot.TakeAsync(rig.Cluster, op);
        var baseline2Clock = Stopwatch.StartNew();
        var baseline2 = await BaselineAsync(rig, o, "baseline-2", ct);
        var baseline2Seconds = baseline2Clock.Elapsed.TotalSeconds;
        var cpBaseline2 = rig.Cluster.ControlPlaneCpuSeconds() - cp2;
        var snapAfter = await ClusterSnapshot.TakeAsync(rig.Cluster, op);
        List<(string, ClusterSnapshot, ClusterSnapshot, int, double)> phases =
        [
            ("baseline 1", snapBaseline1, snapBurst, o.Apps, baseline1Seconds),
            ("operator burst until all Jobs", snapBurst, snapJobs, o.Apps, jobsSeconds),
            ("baseline 2", snapBaseline2, snapAfter, o.Apps, baseline2Seconds),
        ];

        // 4. Delete the burst's applications: the whole lifecycle's API requests, from the audit log.
        var deleted = await rig.DeleteAllAsync("burst", TimeSpan.FromMinutes(10), ct);
        await Task.Delay(3000, ct); // the audit log is written as requests complete
        var wallDeleted = DateTime.UtcNow;
        var burstRequests = AuditLog.Read(rig.Cluster.AuditLogPath, wall0, wallDone).Where(r => r.Resource != "leases").ToList();
        var lifecycle = AuditLog.Read(rig.Cluster.AuditLogPath, wall0, wallDeleted).Where(r => r.Resource != "leases" && !r.Resource.StartsWith("validatingwebhook", StringComparison.Ordinal)).ToList();
        var writes = lifecycle.Where(r => r.IsWrite).ToList();
        var writesPerApp = writes.Count / (double)o.Apps;

        var baselineMean = (baseline1 + baseline2) / 2;
        var ratio = rate / baselineMean;
        rows.Add(("submissions/min until all Jobs exist (operator)", $"{rate:0} ({o.Apps} apps, all Jobs after {jobsSeconds:0.0} s, creates took {createSeconds:0.0} s)", "≥ 3,000/min", Verdict(rate >= 3000)));
        rows.Add(("baseline (kubebox submit-baseline -n 1000 -c 16), before / after", $"{baseline1:0} / {baseline2:0} per min (mean {baselineMean:0})", "", ""));
        rows.Add(("**headline: operator / baseline**", $"**{ratio:P0}**", "≥ 70%", Verdict(ratio >= 0.70)));
        rows.Add(("kube-apiserver + etcd CPU: baseline 1 / burst until all Jobs / baseline 2", $"{cpBaseline1:0.0} s / {cpBurst:0.0} s / {cpBaseline2:0.0} s ({cpBaseline1 / o.Apps * 1000:0.0} / {cpBurst / o.Apps * 1000:0.0} / {cpBaseline2 / o.Apps * 1000:0.0} ms per submission)", "", ""));
        rows.Add(("burst create->Job", Stats.Summary(toJob), "", ""));
        rows.Add(("burst create->Succeeded", Stats.Summary(toDone), "", allDone ? "" : "not all succeeded"));
        rows.Add(("operator CPU during the burst", $"{cpuJobs:0.0} s until all Jobs existed, {cpu:0.0} s until all Succeeded ({cpu / o.Apps * 1000:0.0} ms per app)", "", ""));
        rows.Add(("operator peak RSS during the burst", $"{Rig.Mb(peak)} (now: {op.MemoryBreakdown()})", "", ""));
        rows.Add(("operator API requests per app, create to Succeeded (audit log, leases excluded)", $"{burstRequests.Count / (double)o.Apps:0.00}", "", ""));
        rows.Add(("operator API **writes** per lifecycle, create to Succeeded to deleted", $"{writesPerApp:0.00} ({writes.Count} writes / {o.Apps} apps; deletion finished: {deleted})", "≤ 12", Verdict(writesPerApp <= 12)));

        var body = new StringBuilder();
        body.AppendLine("#### Operator API requests during the burst, create to Succeeded (per app)\n");
        body.AppendLine("| verb | resource | count | per app | p50 latency | p99 latency |\n|---|---|---|---|---|---|");
        foreach (var line in AuditLog.Table(burstRequests, o.Apps))
        {
            body.AppendLine(line);
        }

        body.AppendLine("\n#### Operator API writes of the whole lifecycle, create to Succeeded to deleted (per app)\n");
        body.AppendLine("| verb | resource | count | per app | p50 latency | p99 latency |\n|---|---|---|---|---|---|");
        foreach (var line in AuditLog.Table(writes, o.Apps))
        {
            body.AppendLine(line);
        }

        body.AppendLine("\n#### Where the CPU went: every process on the machine, baselines against the burst\n");
        body.AppendLine(ClusterSnapshot.CpuTable(phases));
        body.AppendLine("#### What the API server served: every client, baselines against the burst (apiserver_request_total)\n");
        body.AppendLine(ClusterSnapshot.RequestTable(phases, top: 25));
        body.AppendLine("\n#### Operator metrics after the burst\n");
        body.AppendLine("```");
        foreach (var line in Interesting(metricsAfterBurst))
        {
            body.AppendLine(line);
        }

        body.AppendLine("```");

        // 5. Steady state: many finished and running applications tracked.
        if (o.SteadyApps > 0)
        {
            await SteadyStateAsync(rig, o, config, rows, body, ct);
        }

        Console.WriteLine($"### Load benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)\n");
        Console.WriteLine(report.ToString());
        Console.WriteLine(Rig.Table(rows));
        Console.WriteLine(body.ToString());
        Console.WriteLine($"fake spark-submit: {rig.Submitter!.Submissions} submissions, {rig.Submitter.DuplicateDrivers} duplicate drivers, {rig.Submitter.Errors} retried errors");
        return 0;
    }

    private static async Task SteadyStateAsync(Rig rig, LoadOptions o, Dictionary<string, string> config, List<(string, string, string, string)> rows, StringBuilder body, CancellationToken ct)
    {
        var apps = Enumerable.Range(0, o.SteadyApps).Select(i => Applications.SparkPi("steady", Applications.Name("steady", i))).ToList();
        var t0 = Stopwatch.GetTimestamp();
        var (_, failed) = await Applications.CreateAsync(rig.Client, apps, o.Concurrency, ct);
        var keys = apps.Select(a => Timeline.Key("steady", a.Metadata.Name)).ToList();
        var settled = await Rig.WaitAsync(
            () => keys.All(k => rig.Timeline.Phase.TryGetValue(k, out var p) && p is ApplicationPhase.Succeeded or ApplicationPhase.Running or ApplicationPhase.Failed),
            TimeSpan.FromMinutes(30),
            ct);
        Log.Info($"steady: {o.SteadyApps} apps created ({failed} failed), settled {settled} after {Stopwatch.GetElapsedTime(t0).TotalSeconds:0} s: " +
            $"{rig.Timeline.CountPhase("steady", ApplicationPhase.Succeeded)} Succeeded, {rig.Timeline.CountPhase("steady", ApplicationPhase.Running)} Running, {rig.Timeline.CountPhase("steady", ApplicationPhase.Failed)} Failed (none should)");

        // A fresh operator (resync every minute, so the window holds resyncs) starts on the full cache.
        var old = rig.Operators[^1];
        await old.StopAsync();
        var resync = TimeSpan.FromMinutes(1);
        var settings = new Dictionary<string, string>(config) { ["Operator:ResyncPeriod"] = resync.ToString() };
        var start = Stopwatch.GetTimestamp();
        var op = await rig.StartOperatorAsync(Lease, leaderElection: true, settings, registerWebhook: true, ct);
        var leaderAfter = await rig.WaitLeaderAsync(Lease, op, TimeSpan.FromMinutes(2), ct);
        await Task.Delay(TimeSpan.FromSeconds(30), ct);
        var startup = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (rssStart, peakStart) = op.Memory();
        op.ResetPeak();
        var m0 = Reconciles(await op.MetricsAsync(ct));
        var cpu0 = op.CpuSeconds();
        var w0 = DateTime.UtcNow;
        var window = TimeSpan.FromSeconds(150);
        await Task.Delay(window, ct);
        var w1 = DateTime.UtcNow;
        var metrics = await op.MetricsAsync(ct);
        var m1 = Reconciles(metrics);
        var cpu = op.CpuSeconds() - cpu0;
        var (rss, peak) = op.Memory();
        await Task.Delay(3000, ct);
        var requests = AuditLog.Read(rig.Cluster.AuditLogPath, w0, w1);
        var seconds = (w1 - w0).TotalSeconds;
        var tracked = rig.Timeline.CountPhase("steady", ApplicationPhase.Succeeded, ApplicationPhase.Running);
        var pods = (await rig.Client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct)).Items.Count;
        rows.Add(($"steady state: RSS with {tracked} apps tracked ({pods} pods in the cluster)", $"{Rig.Mb(rss)} ({op.MemoryBreakdown()}; peak in the window {Rig.Mb(peak)}; after start-up {Rig.Mb(rssStart)}, start-up peak {Rig.Mb(peakStart)})", "< 100 MB", Verdict(rss < 100L * 1024 * 1024)));
        rows.Add(("steady state: applications that failed (every one should succeed or run)", $"{rig.Timeline.CountPhase("steady", ApplicationPhase.Failed)}", "0", Verdict(rig.Timeline.CountPhase("steady", ApplicationPhase.Failed) == 0)));
        rows.Add(($"steady state: reconciles/s (resync every {resync.TotalSeconds:0} s, {window.TotalSeconds:0} s window)", $"{(m1 - m0) / seconds:0.0}", "", ""));
        rows.Add(("steady state: operator API calls/s (leases excluded / lease renewals)", $"{requests.Count(r => r.Resource != "leases") / seconds:0.00} / {requests.Count(r => r.Resource == "leases") / seconds:0.00}", "", ""));
        rows.Add(("steady state: operator CPU", $"{cpu / seconds * 100:0.0}% of one core", "", ""));
        rows.Add(("steady state: operator start-up on the full cache", $"leader after {leaderAfter:0.0} s; RSS {Rig.Mb(rssStart)} {startup:0} s after start", "", ""));
        body.AppendLine("\n#### Operator API requests in the steady-state window\n");
        body.AppendLine("| verb | resource | count | per second | p50 latency | p99 latency |\n|---|---|---|---|---|---|");
        foreach (var line in AuditLog.Table(requests, seconds))
        {
            body.AppendLine(line);
        }

        body.AppendLine("\n#### Operator metrics at the end of the steady state\n```");
        foreach (var line in Interesting(metrics))
        {
            body.AppendLine(line);
        }

        body.AppendLine("```");
    }

    private static async Task<double> BaselineAsync(Rig rig, LoadOptions o, string ns, CancellationToken ct)
    {
        var (code, output) = await rig.Cluster.KubeboxAsync(
            ["submit-baseline", "-n", o.Apps.ToString(CultureInfo.InvariantCulture), "-c", o.Concurrency.ToString(CultureInfo.InvariantCulture), "-kubeconfig", rig.Cluster.Kubeconfig, "-namespace", ns],
            TimeSpan.FromMinutes(15));
        Log.Info($"submit-baseline {ns}: {output.Trim()}");
        var match = PerMinute().Match(output);
        if (code != 0 || !match.Success)
        {
            throw new InvalidOperationException($"submit-baseline failed ({code}): {output}");
        }

        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static (double Sum, double Count) SumCount(string metrics, string histogram)
    {
        double Value(string suffix) => metrics.Split('\n')
            .Where(l => l.StartsWith(histogram + suffix, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return (Value("_sum"), Value("_count"));
    }

    private static double Reconciles(string metrics) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith("spark_operator_reconcile_count", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static IEnumerable<string> Interesting(string metrics) =>
        metrics.Split('\n').Where(l => !l.StartsWith('#') && (l.StartsWith("spark_operator_reconcile", StringComparison.Ordinal) || l.StartsWith("spark_operator_queue", StringComparison.Ordinal)
            || l.StartsWith("dotnet_gc_last_collection", StringComparison.Ordinal) || l.StartsWith("dotnet_gc_collections", StringComparison.Ordinal)
            || l.StartsWith("dotnet_process_memory", StringComparison.Ordinal) || l.StartsWith("dotnet_gc_heap_total_allocated", StringComparison.Ordinal))
            && !l.Contains("_bucket", StringComparison.Ordinal));

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    [GeneratedRegex(@"per_min=([0-9.]+)")]
    private static partial Regex PerMinute();
}
