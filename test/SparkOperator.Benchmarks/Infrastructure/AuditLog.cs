using System.Globalization;
using System.Text.Json;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>One request the operator made, from the API server's audit log.</summary>
internal sealed record AuditedRequest(DateTime Received, DateTime Completed, string Verb, string Resource, int Code)
{
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";

    public double LatencySeconds => (Completed - Received).TotalSeconds;
}

/// <summary>Reads the audit log of the operator's user (written by <see cref="BenchCluster"/>).</summary>
internal static class AuditLog
{
    public static IReadOnlyList<AuditedRequest> Read(string path, DateTime from, DateTime to)
    {
        var result = new List<AuditedRequest>();
        if (!File.Exists(path))
        {
            return result;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.GetProperty("stage").GetString() != "ResponseComplete")
            {
                continue;
            }

            var received = e.GetProperty("requestReceivedTimestamp").GetDateTime().ToUniversalTime();
            if (received < from || received > to)
            {
                continue;
            }

            var resource = "";
            if (e.TryGetProperty("objectRef", out var obj))
            {
                resource = obj.TryGetProperty("resource", out var r) ? r.GetString() ?? "" : "";
                if (obj.TryGetProperty("subresource", out var s))
                {
                    resource += "/" + s.GetString();
                }
            }

            var code = e.TryGetProperty("responseStatus", out var status) && status.TryGetProperty("code", out var c) ? c.GetInt32() : 0;
            result.Add(new AuditedRequest(received, e.GetProperty("stageTimestamp").GetDateTime().ToUniversalTime(), e.GetProperty("verb").GetString() ?? "", resource, code));
        }

        return result;
    }

    /// <summary>Requests per <paramref name="per"/> by verb and resource, most frequent first, as markdown table rows.</summary>
    public static IEnumerable<string> Table(IEnumerable<AuditedRequest> requests, double per) =>
        requests.GroupBy(r => (r.Verb, r.Resource))
            .OrderByDescending(g => g.Count())
            .Select(g => $"| {g.Key.Verb} | {g.Key.Resource} | {g.Count()} | {(g.Count() / per).ToString("0.00", CultureInfo.InvariantCulture)} | {Stats.Ms(Stats.Percentile(g.Select(r => r.LatencySeconds).ToList(), 50))} | {Stats.Ms(Stats.Percentile(g.Select(r => r.LatencySeconds).ToList(), 99))} |");
}
