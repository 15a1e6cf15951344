using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Framework.Health;

/// <summary>
/// Readiness (tag <c>ready</c>): the caches the controllers read follow the API server. Unhealthy
/// until the informers have started and every loop finished its first LIST, and again while any
/// loop is stuck: failing without progress for longer than <see cref="HealthThresholds.InformerFailing"/>
/// (the API server refuses it, RBAC was taken away) or without progress at all for longer than
/// <see cref="HealthThresholds.InformerNoProgress"/>. Leadership plays no part: a standby replica
/// with warm caches is ready. A replica without controllers is ready.
/// </summary>
internal sealed class InformerReadinessCheck(
    InformerRegistry informers,
    IEnumerable<IControllerHost> controllers,
    IOptions<OperatorOptions> options) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "informers";

    /// <summary>The tag a readiness endpoint selects it by.</summary>
    public const string Tag = "ready";

    private readonly bool _hasControllers = controllers.Any();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_hasControllers)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No controllers run in this replica."));
        }

        if (!informers.Started)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The informers have not started yet."));
        }

        var limits = HealthThresholds.For(options.Value);
        var problems = new List<string>();
        var loops = 0;
        foreach (var loop in informers.All.SelectMany(i => i.Loops))
        {
            loops++;
            var where = $"{loop.KindName} in {loop.Namespace ?? "all namespaces"}";
            if (!loop.HasSynced)
            {
                problems.Add($"{where}: first LIST not completed ({loop.ConsecutiveFailures} failures so far)");
            }
            else if (loop.FailingFor > limits.InformerFailing)
            {
                problems.Add($"{where}: failing for {Seconds(loop.FailingFor)} ({loop.ConsecutiveFailures} consecutive failures)");
            }
            else if (loop.SinceProgress > limits.InformerNoProgress)
            {
                problems.Add($"{where}: no list, event or bookmark for {Seconds(loop.SinceProgress)}");
            }
        }

        var data = new Dictionary<string, object> { ["loops"] = loops, ["stuck"] = problems.Count };
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{loops} informer loops synced and following the API server.", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", problems), data: data));
    }

    internal static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
}
