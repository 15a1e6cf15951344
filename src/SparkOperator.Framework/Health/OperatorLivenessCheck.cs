using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Framework.Health;

/// <summary>
/// Liveness (tag <c>live</c>): the process still does its work, so restarting it would not help
/// unless this fails. Unhealthy when an informer loop ended although the host still runs, or
/// shows no heartbeat for longer than <see cref="HealthThresholds.LoopSilent"/> (blocked in a
/// handler); or when a controller's worker ended without being asked to, or its keys have waited
/// for longer than <see cref="HealthThresholds.WorkersStalled"/> while no reconcile finished. An
/// unreachable API server is not a liveness failure: the loops keep trying, and readiness says so.
/// </summary>
internal sealed class OperatorLivenessCheck(
    InformerRegistry informers,
    IEnumerable<IControllerHost> controllers,
    IOptions<OperatorOptions> options) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "operator-loops";

    /// <summary>The tag a liveness endpoint selects it by.</summary>
    public const string Tag = "live";

    private readonly IReadOnlyList<IControllerHost> _controllers = [.. controllers];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limits = HealthThresholds.For(options.Value);
        var problems = new List<string>();
        foreach (var loop in informers.All.SelectMany(i => i.Loops))
        {
            var where = $"{loop.KindName} informer in {loop.Namespace ?? "all namespaces"}";
            if (loop.State == InformerLoopState.Faulted)
            {
                problems.Add($"{where} ended while the operator runs");
            }
            else if (loop.State == InformerLoopState.Running && loop.SinceHeartbeat > limits.LoopSilent)
            {
                problems.Add($"{where} silent for {InformerReadinessCheck.Seconds(loop.SinceHeartbeat)}");
            }
        }

        foreach (var controller in _controllers)
        {
            if (controller.WorkersFaulted)
            {
                problems.Add($"a worker of {controller.Name} ended while the operator runs");
            }
            else if (controller.StalledFor > limits.WorkersStalled)
            {
                problems.Add($"{controller.Name}: keys waiting for {InformerReadinessCheck.Seconds(controller.StalledFor)} while no reconcile finished");
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("Informer loops and controller workers are making progress.")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }
}
