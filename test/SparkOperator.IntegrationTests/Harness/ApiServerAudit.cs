using System.Text.Json;
using SparkOperator.Hosting;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>One request of the audited user, as the API server logged it.</summary>
/// <param name="Verb">The RBAC verb the request was authorised as (get, list, watch, create, patch, ...).</param>
/// <param name="Group">The API group (<c>""</c> for core).</param>
/// <param name="Resource">The resource, with <c>/subresource</c> when there is one.</param>
/// <param name="Namespace">The object's namespace; null for cluster-scoped requests (and lists across namespaces).</param>
/// <param name="Name">The object's name, when the request names one.</param>
/// <param name="Code">The response code (0 while a watch is still open).</param>
/// <param name="Uri">The request URI, for messages (and the only clue for a non-resource request).</param>
public sealed record AuditedCall(DateTime Received, string Verb, string Group, string Resource, string? Namespace, string? Name, int Code, string Uri);

/// <summary>
/// The test cluster's API server audits the generated operator ServiceAccount's requests
/// (metadata only) to <c>DIR/audit.log</c>, so a test can see which verbs on which resources the
/// operator really uses. Enabled once per run, before anything is installed: the kit's
/// kube-apiserver command line (<c>DIR/cmd/kube-apiserver</c>) gets the audit flags and the
/// API server is restarted, the way the benchmarks' cluster does it.
/// </summary>
public static class ApiServerAudit
{
    /// <summary>The user whose requests are audited: the generated ServiceAccount spark-operator/spark-operator.</summary>
    public static readonly string OperatorUser = ServiceAccountKubeconfig.UserName(OperatorDefaults.Namespace, OperatorDefaults.Name);

    /// <summary>Whether this run's API server audits <see cref="OperatorUser"/>.</summary>
    public static bool Enabled { get; private set; }

    private static string LogPath => Path.Combine(TestCluster.Directory!, "audit.log");

    /// <summary>
    /// Restarts the cluster's kube-apiserver with an audit policy logging <see cref="OperatorUser"/>
    /// and with the <c>OwnerReferencesPermissionEnforcement</c> admission plugin, which real clusters
    /// (OpenShift among them) run and the kit does not: with it, a child whose ownerReference sets
    /// <c>blockOwnerDeletion</c> needs <c>update</c> on its owner's <c>finalizers</c>, so that grant
    /// is tested too. Returns null once the API server serves again, else what went wrong.
    /// </summary>
    internal static async Task<string?> EnableAsync()
    {
        var dir = TestCluster.Directory!;
        var policy = Path.Combine(dir, "audit-policy.yaml");
        await File.WriteAllTextAsync(policy, $"""
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived]
            rules:
            - level: Metadata
              users: ["{OperatorUser}"]
            - level: None

            """);
        var cmd = Path.Combine(dir, "cmd", "kube-apiserver");
        var argv = (await File.ReadAllTextAsync(cmd)).TrimEnd('\0').Split('\0').ToList();
        argv.Add($"--audit-policy-file={policy}");
        argv.Add($"--audit-log-path={LogPath}");
        argv.Add("--audit-log-format=json");
        argv.Add("--enable-admission-plugins=OwnerReferencesPermissionEnforcement");
        await File.WriteAllTextAsync(cmd, string.Join('\0', argv) + '\0');

        var (code, output) = ClusterScript.Run(TestCluster.Script!, TimeSpan.FromMinutes(2), "restart", dir, "kube-apiserver");
        if (code != 0)
        {
            return $"cluster.sh restart kube-apiserver failed (exit {code}): {output}";
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = string.Empty;
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            (code, last) = await Kubectl.RunAsync(["get", "--raw", "/readyz"]);
            if (code == 0)
            {
                Enabled = true;
                return null;
            }

            await Task.Delay(200);
        }

        return $"kube-apiserver did not serve within 90 s of its restart with auditing: {last}";
    }

    /// <summary>Ignores a test that reads the audit log when this run's API server does not write one.</summary>
    public static void Require()
    {
        TestCluster.RequireOwnCluster();
        if (!Enabled)
        {
            Assert.Ignore("The API server of this run does not audit the operator's requests.");
        }
    }

    /// <summary>
    /// Every audited request received at or after <paramref name="since"/>, once each (a watch is
    /// logged when it starts and again when it ends).
    /// </summary>
    public static IReadOnlyList<AuditedCall> Read(DateTime since)
    {
        var calls = new Dictionary<string, AuditedCall>(StringComparer.Ordinal);
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            var received = e.GetProperty("requestReceivedTimestamp").GetDateTime().ToUniversalTime();
            if (received < since || e.GetProperty("user").GetProperty("username").GetString() != OperatorUser)
            {
                continue;
            }

            string? Field(JsonElement parent, string name) => parent.TryGetProperty(name, out var value) ? value.GetString() : null;
            var target = e.TryGetProperty("objectRef", out var o) ? o : default;
            var resource = target.ValueKind == JsonValueKind.Object ? Field(target, "resource") ?? string.Empty : string.Empty;
            if (target.ValueKind == JsonValueKind.Object && Field(target, "subresource") is { } subresource)
            {
                resource += "/" + subresource;
            }

            var code = e.TryGetProperty("responseStatus", out var status) && status.TryGetProperty("code", out var c) ? c.GetInt32() : 0;
            var call = new AuditedCall(
                received,
                Field(e, "verb") ?? string.Empty,
                target.ValueKind == JsonValueKind.Object ? Field(target, "apiGroup") ?? string.Empty : string.Empty,
                resource,
                target.ValueKind == JsonValueKind.Object ? Field(target, "namespace") : null,
                target.ValueKind == JsonValueKind.Object ? Field(target, "name") : null,
                code,
                Field(e, "requestURI") ?? string.Empty);

            // The last stage logged has the final response code.
            calls[Field(e, "auditID")!] = call;
        }

        return [.. calls.Values.OrderBy(c => c.Received)];
    }
}
