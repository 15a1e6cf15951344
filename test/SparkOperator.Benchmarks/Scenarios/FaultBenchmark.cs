using System.Diagnostics;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using SparkOperator.Benchmarks.Infrastructure;
using SparkOperator.Entities;
using SparkOperator.Submission;

namespace SparkOperator.Benchmarks.Scenarios;

public sealed record FaultOptions
{
    public int Apps { get; init; } = 200;

    public int OperatorKills { get; init; } = 3;

    public bool RestartControlPlane { get; init; } = true;

    public bool KillLeader { get; init; } = true;

    public int Nodes { get; init; } = 10;

    public int Seed { get; init; } = 20261126;
}

/// <summary>What one fault did: when it happened (seconds into the run) and how long until the operator made progress again.</summary>
public sealed record FaultRecord(string Fault, double At, double? RecoveredAfter, string Note);

/// <summary>The fault benchmark's counts; the smoke test asserts on these.</summary>
public sealed record FaultReport
{
    public int Apps { get; init; }

    public int Terminal { get; init; }

    public int Succeeded { get; init; }

    public int Attempts { get; init; }

    public int Jobs { get; init; }

    public int Drivers { get; init; }

    public int SubmitPods { get; init; }

    /// <summary>Attempts without exactly one Job and one driver, Jobs or drivers of attempts that never were, Jobs with more than one submit pod.</summary>
    public List<string> Violations { get; init; } = [];

    public int DuplicateDriverSubmissions { get; init; }

    /// <summary>Pods, ConfigMaps, Services, ServiceAccounts, Roles, RoleBindings and Jobs of any application left after all were deleted.</summary>
    public Dictionary<string, int> LeftBehind { get; init; } = [];

    public bool AllDeleted { get; init; }

    public double CleanUpSeconds { get; init; }

    public List<FaultRecord> Faults { get; init; } = [];

    public double Seconds { get; init; }

    /// <summary>Operators that stopped themselves (lost the lease) and were started again, as a Deployment would.</summary>
    public int SelfExits { get; init; }
}

/// <summary>
/// Applications run while the operator is SIGKILLed and restarted, the API server and etcd are
/// restarted, and the leader of two replicas is SIGKILLed mid-burst. Then: every application ends in
/// a terminal phase with exactly one submit Job and one driver per attempt, and after deleting them
/// all nothing of theirs is left.
/// </summary>
public static class FaultBenchmark
{
    public const string Namespace = "fault";
    private const string Lease = "bench-fault";

    public static async Task<FaultReport> RunAsync(FaultOptions o, CancellationToken ct)
    {
        var random = new Random(o.Seed);
        var faults = new List<FaultRecord>();
        await using var rig = await Rig.StartAsync(o.Nodes, audit: false, ct);
        await BenchCluster.EnsureNamespaceAsync(rig.Client, Namespace, ct);
        rig.StartBackground();
        rig.Supervise();
        var run = Stopwatch.GetTimestamp();
        double Now() => Stopwatch.GetElapsedTime(run).TotalSeconds;

        var op = await rig.StartOperatorAsync(Lease, leaderElection: true, null, registerWebhook: false, ct);
        await rig.WaitLeaderAsync(Lease, op, TimeSpan.FromMinutes(1), ct);

        var phases = Split(o);
        var all = new List<SparkApplication>();

        // A. SIGKILL the operator at random moments while applications arrive; restart it each time.
        if (phases.Kills > 0)
        {
            var apps = Make("kill", phases.Kills);
            all.AddRange(apps);
            var window = TimeSpan.FromSeconds(Math.Max(10, apps.Count / 4.0));
            var create = Applications.CreateAsync(rig.Client, apps, 4, ct, pace: window / apps.Count);
            var moments = Enumerable.Range(0, o.OperatorKills).Select(_ => random.NextDouble() * window.TotalSeconds).Order().ToList();
            var phaseStart = Stopwatch.GetTimestamp();
            foreach (var moment in moments)
            {
                var wait = TimeSpan.FromSeconds(moment) - Stopwatch.GetElapsedTime(phaseStart);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }

                var at = Now();
                var killed = Stopwatch.GetTimestamp();
                op.Kill9();
                op = await rig.StartOperatorAsync(Lease, leaderElection: true, null, registerWebhook: false, ct);
                await rig.WaitLeaderAsync(Lease, op, TimeSpan.FromMinutes(1), ct);

                // Progress counts once the new process holds the lease: watch events of writes the
                // killed process made just before dying can arrive late on a loaded machine.
                var leading = Stopwatch.GetTimestamp();
                var record = await RecoveryAsync(rig, "operator SIGKILL, restarted at once (a new identity waits out the lease)", at, killed, leading, ct);
                faults.Add(record with { Note = $"new process led after {Stopwatch.GetElapsedTime(killed, leading).TotalSeconds:0.0} s; " + record.Note });
            }

            await create;
        }

        // B. Restart the API server, then etcd, while applications arrive.
        if (phases.ControlPlane > 0)
        {
            var apps = Make("cp", phases.ControlPlane);
            all.AddRange(apps);
            var window = TimeSpan.FromSeconds(Math.Max(20, apps.Count / 2.0));
            var create = Applications.CreateAsync(rig.Client, apps, 4, ct, pace: window / apps.Count);
            foreach (var component in new[] { "kube-apiserver", "etcd" })
            {
                await Task.Delay(window / 3, ct);
                var at = Now();
                var t = Stopwatch.GetTimestamp();
                await rig.Cluster.RestartAsync(component, ct);
                var back = Stopwatch.GetTimestamp();
                var record = await RecoveryAsync(rig, $"cluster.sh restart {component}", at, t, back, ct);
                faults.Add(record with { Note = $"API server serving again after {Stopwatch.GetElapsedTime(t, back).TotalSeconds:0.0} s; " + record.Note });
            }

            await create;
        }

        // C. Two replicas; SIGKILL the leader when half of a burst's Jobs exist.
        if (phases.Leader > 0)
        {
            var standby = await rig.StartOperatorAsync(Lease, leaderElection: true, null, registerWebhook: false, ct);
            await Task.Delay(2000, ct);
            var apps = Make("leader", phases.Leader);
            all.AddRange(apps);
            var create = Applications.CreateAsync(rig.Client, apps, 16, ct);
            var keys = apps.Select(a => Timeline.Key(Namespace, a.Metadata.Name)).ToList();
            await Rig.WaitAsync(() => keys.Count(rig.Timeline.JobSeen.ContainsKey) >= keys.Count / 2, TimeSpan.FromMinutes(5), ct);
            var leader = await rig.LeaderAsync(Lease, ct);
            var victim = rig.Operators.First(p => p.Identity == leader);
            var at = Now();
            var killed = Stopwatch.GetTimestamp();
            victim.Kill9();
            await Rig.WaitAsync(() => rig.LeaderAsync(Lease, ct).GetAwaiter().GetResult() is { } now && now != leader, TimeSpan.FromMinutes(1), ct);
            var leading = Stopwatch.GetTimestamp();
            var record = await RecoveryAsync(rig, $"leader {leader} SIGKILL with a standby replica running", at, killed, leading, ct);
            record = record with { Note = $"standby led after {Stopwatch.GetElapsedTime(killed, leading).TotalSeconds:0.0} s; " + record.Note };
            faults.Add(record with { Note = $"{keys.Count(rig.Timeline.JobSeen.ContainsKey)}/{keys.Count} Jobs of the burst existed at the kill; " + record.Note });
            await create;
            _ = standby;
        }

        // Every application ends.
        var allKeys = all.Select(a => Timeline.Key(Namespace, a.Metadata.Name)).ToList();
        await Rig.WaitAsync(
            () => allKeys.All(k => rig.Timeline.Phase.TryGetValue(k, out var p) && p is ApplicationPhase.Succeeded or ApplicationPhase.Failed),
            TimeSpan.FromMinutes(10),
            ct);
        var report = await CountAsync(rig, all, ct);
        var seconds = Now();

        // Delete them all; nothing of theirs may stay.
        var t0 = Stopwatch.GetTimestamp();
        var deleted = await rig.DeleteAllAsync(Namespace, TimeSpan.FromMinutes(5), ct);
        var left = await LeftBehindAsync(rig, TimeSpan.FromMinutes(3), ct);
        return report with
        {
            AllDeleted = deleted,
            LeftBehind = left,
            CleanUpSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds,
            Faults = faults,
            Seconds = seconds,
            DuplicateDriverSubmissions = rig.Submitter!.DuplicateDrivers,
            SelfExits = rig.SupervisorRestarts,
        };
    }

    public static string Markdown(FaultOptions o, FaultReport r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Fault benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC): {o.Apps} apps, {o.OperatorKills} operator kills, control plane restarts {o.RestartControlPlane}, leader kill {o.KillLeader}\n");
        text.AppendLine("| fault | at (s) | time to recover | note |\n|---|---|---|---|");
        foreach (var f in r.Faults)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Fault} | {f.At:0.0} | {(f.RecoveredAfter is { } s ? $"{s:0.0} s" : "n/a")} | {f.Note} |");
        }

        text.AppendLine();
        text.AppendLine("| check | count | expected |\n|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| applications in a terminal phase | {r.Terminal} / {r.Apps} ({r.Succeeded} Succeeded) | all |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| attempts (sum of status.attempt) | {r.Attempts} | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| submit Jobs (by instance + attempt labels) | {r.Jobs} | = attempts |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| driver pods (by instance + attempt labels) | {r.Drivers} | = attempts |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| submit pods | {r.SubmitPods} | = Jobs |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| second submissions of an attempt (driver create refused: exists) | {r.DuplicateDriverSubmissions} | 0 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| violations (attempt without exactly one Job and one driver, ...) | {r.Violations.Count} | 0 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| left after deleting every application (pods, ConfigMaps, Services, RBAC, Jobs) | {r.LeftBehind.Values.Sum()} {(r.LeftBehind.Count > 0 ? "(" + string.Join(", ", r.LeftBehind.Select(kv => $"{kv.Key} {kv.Value}")) + ")" : "")} | 0 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| all applications deleted (finalizers done); clean-up took | {r.AllDeleted}; {r.CleanUpSeconds:0.0} s | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| operators that stopped themselves (lost the lease) and were restarted, as a Deployment would | {r.SelfExits} | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"\nrun took {r.Seconds:0} s until every application was terminal.");
        foreach (var v in r.Violations.Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- violation: {v}");
        }

        return text.ToString();
    }

    private static (int Kills, int ControlPlane, int Leader) Split(FaultOptions o)
    {
        var parts = (o.OperatorKills > 0 ? 4 : 0) + (o.RestartControlPlane ? 3 : 0) + (o.KillLeader ? 3 : 0);
        if (parts == 0)
        {
            return (o.Apps, 0, 0);
        }

        var cp = o.RestartControlPlane ? o.Apps * 3 / parts : 0;
        var leader = o.KillLeader ? o.Apps * 3 / parts : 0;
        return (o.Apps - cp - leader, cp, leader);
    }

    private static List<SparkApplication> Make(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Applications.SparkPi(Namespace, Applications.Name(prefix, i)))];

    /// <summary>Time from the fault to the first Job or phase change after the operator could act again (<paramref name="actFrom"/>).</summary>
    private static async Task<FaultRecord> RecoveryAsync(Rig rig, string fault, double at, long faultTicks, long actFrom, CancellationToken ct)
    {
        long? first = null;
        await Rig.WaitAsync(() => (first = rig.Timeline.FirstProgressAfter(actFrom)) is not null, TimeSpan.FromSeconds(90), ct);
        var recovered = first is { } f ? Stopwatch.GetElapsedTime(faultTicks, f).TotalSeconds : (double?)null;
        Log.Info($"{fault} at {at:0.0} s: progress again after {(recovered is { } r ? $"{r:0.0} s" : "never (within 90 s)")}");
        return new FaultRecord(fault, at, recovered, recovered is null ? "no progress within 90 s" : "first new Job or phase change after the fault");
    }

    private static async Task<FaultReport> CountAsync(Rig rig, List<SparkApplication> apps, CancellationToken ct)
    {
        var jobs = (await rig.Client.BatchV1.ListNamespacedJobAsync(Namespace, labelSelector: "app.kubernetes.io/component=submit", cancellationToken: ct)).Items;
        var drivers = (await rig.Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "spark-role=driver", cancellationToken: ct)).Items;
        var submitPods = (await rig.Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app.kubernetes.io/component=submit", cancellationToken: ct)).Items;
        var current = await rig.Client.CustomObjects.ListNamespacedCustomObjectAsync<k8s.Models.KubernetesList<SparkApplication>>(
            SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, cancellationToken: ct);
        var byName = current.Items.ToDictionary(a => a.Metadata.Name);
        static string Label(V1ObjectMeta m, string key) => m.Labels is not null && m.Labels.TryGetValue(key, out var v) ? v : "";
        static string AttemptKey(V1ObjectMeta m) => $"{Label(m, SubmissionLabels.Instance)}#{Label(m, SubmissionLabels.Attempt)}";
        var jobCount = jobs.GroupBy(j => AttemptKey(j.Metadata)).ToDictionary(g => g.Key, g => g.Count());
        var driverCount = drivers.GroupBy(d => AttemptKey(d.Metadata)).ToDictionary(g => g.Key, g => g.Count());
        var violations = new List<string>();
        var expected = new HashSet<string>();
        int terminal = 0, succeeded = 0, attempts = 0;
        foreach (var app in apps)
        {
            if (!byName.TryGetValue(app.Metadata.Name, out var live))
            {
                violations.Add($"{app.Metadata.Name}: missing");
                continue;
            }

            var phase = live.Status?.Phase;
            terminal += phase is ApplicationPhase.Succeeded or ApplicationPhase.Failed ? 1 : 0;
            succeeded += phase is ApplicationPhase.Succeeded ? 1 : 0;
            if (phase is not (ApplicationPhase.Succeeded or ApplicationPhase.Failed))
            {
                violations.Add($"{app.Metadata.Name}: phase {phase?.ToString() ?? "none"}");
            }

            var n = live.Status?.Attempt ?? 0;
            attempts += n;
            for (var a = 1; a <= n; a++)
            {
                var key = $"{ResourceNames.InstanceLabel(app.Metadata.Name)}#{a}";
                expected.Add(key);
                var j = jobCount.GetValueOrDefault(key);
                var d = driverCount.GetValueOrDefault(key);
                if (j != 1 || d != 1)
                {
                    violations.Add($"{app.Metadata.Name} attempt {a}: {j} Jobs, {d} drivers");
                }
            }
        }

        violations.AddRange(jobCount.Keys.Concat(driverCount.Keys).Distinct().Where(k => !expected.Contains(k)).Select(k => $"{k}: Job or driver of an attempt the application never recorded"));
        violations.AddRange(submitPods.GroupBy(p => p.GetLabel("batch.kubernetes.io/job-name")).Where(g => g.Count() > 1).Select(g => $"Job {g.Key}: {g.Count()} submit pods"));
        return new FaultReport
        {
            Apps = apps.Count,
            Terminal = terminal,
            Succeeded = succeeded,
            Attempts = attempts,
            Jobs = jobs.Count,
            Drivers = drivers.Count,
            SubmitPods = submitPods.Count,
            Violations = violations,
        };
    }

    private static async Task<Dictionary<string, int>> LeftBehindAsync(Rig rig, TimeSpan timeout, CancellationToken ct)
    {
        const string selector = "app.kubernetes.io/managed-by=spark-operator";
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var c = rig.Client;
            var left = new Dictionary<string, int>
            {
                ["pods"] = (await c.CoreV1.ListNamespacedPodAsync(Namespace, cancellationToken: ct)).Items.Count,
                ["configmaps"] = (await c.CoreV1.ListNamespacedConfigMapAsync(Namespace, labelSelector: selector, cancellationToken: ct)).Items.Count,
                ["services"] = (await c.CoreV1.ListNamespacedServiceAsync(Namespace, cancellationToken: ct)).Items.Count,
                ["serviceaccounts"] = (await c.CoreV1.ListNamespacedServiceAccountAsync(Namespace, labelSelector: selector, cancellationToken: ct)).Items.Count,
                ["roles"] = (await c.RbacAuthorizationV1.ListNamespacedRoleAsync(Namespace, labelSelector: selector, cancellationToken: ct)).Items.Count,
                ["rolebindings"] = (await c.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(Namespace, labelSelector: selector, cancellationToken: ct)).Items.Count,
                ["jobs"] = (await c.BatchV1.ListNamespacedJobAsync(Namespace, cancellationToken: ct)).Items.Count,
            };
            var remaining = left.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
            if (remaining.Count == 0 || Stopwatch.GetElapsedTime(start) > timeout)
            {
                return remaining;
            }

            await Task.Delay(1000, ct);
        }
    }
}
