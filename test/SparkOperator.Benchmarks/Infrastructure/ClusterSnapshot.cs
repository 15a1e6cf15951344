using System.Globalization;
using System.Text;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// What every process had spent (CPU seconds) and what the API server had served
/// (<c>apiserver_request_total</c>) at one moment; two of them make the profile of a phase:
/// where the machine's CPU went and which requests of which client kinds the API server handled.
/// </summary>
internal sealed record ClusterSnapshot(Dictionary<string, double> Cpu, Dictionary<string, double> Requests)
{
    public static async Task<ClusterSnapshot> TakeAsync(BenchCluster cluster, OperatorProcess op)
    {
        var cpu = cluster.Components.ToDictionary(c => c, cluster.ComponentCpuSeconds, StringComparer.Ordinal);
        cpu["operator"] = op.CpuSeconds();
        cpu["benchmark (clients, fake spark-submit)"] = ProcessCpu.Self();
        return new ClusterSnapshot(cpu, await cluster.ApiServerRequestTotalsAsync());
    }

    /// <summary>
    /// A markdown table of CPU milliseconds per submission by process, one column per phase
    /// (each phase is a pair of snapshots and its submission count).
    /// </summary>
    public static string CpuTable(IReadOnlyList<(string Name, ClusterSnapshot From, ClusterSnapshot To, int Submissions, double Seconds)> phases)
    {
        var body = new StringBuilder();
        body.AppendLine($"| process | {string.Join(" | ", phases.Select(p => $"{p.Name}: ms CPU per submission"))} |");
        body.AppendLine($"|---|{string.Concat(phases.Select(_ => "---|"))}");
        var names = phases.SelectMany(p => p.To.Cpu.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            body.AppendLine($"| {name} | {string.Join(" | ", phases.Select(p => Ms(p.To.Cpu.GetValueOrDefault(name) - p.From.Cpu.GetValueOrDefault(name), p.Submissions)))} |");
        }

        body.AppendLine($"| **all** (cores busy on average) | {string.Join(" | ", phases.Select(p =>
        {
            var total = names.Sum(n => p.To.Cpu.GetValueOrDefault(n) - p.From.Cpu.GetValueOrDefault(n));
            return $"**{Ms(total, p.Submissions)}** ({(total / p.Seconds).ToString("0.00", CultureInfo.InvariantCulture)})";
        }))} |");
        return body.ToString();
    }

    /// <summary>A markdown table of the API server's requests per submission (all clients), the largest first.</summary>
    public static string RequestTable(IReadOnlyList<(string Name, ClusterSnapshot From, ClusterSnapshot To, int Submissions, double Seconds)> phases, int top)
    {
        var deltas = phases.Select(p => p.To.Requests.ToDictionary(kv => kv.Key, kv => kv.Value - p.From.Requests.GetValueOrDefault(kv.Key), StringComparer.Ordinal)).ToList();
        var keys = deltas.SelectMany(d => d.Where(kv => kv.Value > 0).Select(kv => kv.Key)).Distinct()
            .Where(k => !k.StartsWith("WATCH", StringComparison.Ordinal))
            .OrderByDescending(k => deltas.Max(d => d.GetValueOrDefault(k)))
            .Take(top)
            .ToList();
        var body = new StringBuilder();
        body.AppendLine($"| request (every client) | {string.Join(" | ", phases.Select(p => $"{p.Name}: per submission"))} |");
        body.AppendLine($"|---|{string.Concat(phases.Select(_ => "---|"))}");
        foreach (var key in keys)
        {
            body.AppendLine($"| {key} | {string.Join(" | ", phases.Select((p, i) => (deltas[i].GetValueOrDefault(key) / p.Submissions).ToString("0.00", CultureInfo.InvariantCulture)))} |");
        }

        body.AppendLine($"| **all but watches** | {string.Join(" | ", phases.Select((p, i) => $"**{(deltas[i].Where(kv => !kv.Key.StartsWith("WATCH", StringComparison.Ordinal)).Sum(kv => kv.Value) / p.Submissions).ToString("0.00", CultureInfo.InvariantCulture)}**"))} |");
        return body.ToString();
    }

    private static string Ms(double seconds, int submissions) =>
        (seconds / submissions * 1000).ToString("0.0", CultureInfo.InvariantCulture);
}
