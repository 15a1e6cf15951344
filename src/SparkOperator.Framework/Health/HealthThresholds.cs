using SparkOperator.Framework.Hosting;

namespace SparkOperator.Framework.Health;

/// <summary>
/// When the health checks call an informer or a controller stuck. Derived from the informer's own
/// timing so that nothing the loop does on purpose (a backoff, a long quiet watch) trips them:
/// failing longer than twice the longest backoff (at least a minute); no progress for two whole
/// watch lifetimes; no heartbeat for twice the longest a loop may sit in one call (a watch until
/// its timeout or the idle watchdog) plus a backoff; keys waiting ten minutes with no reconcile
/// finishing, where a reconcile is a handful of API calls of at most 100 s each.
/// </summary>
internal sealed record HealthThresholds
{
    /// <summary>An informer failing for longer than this without progress makes the operator not ready.</summary>
    public required TimeSpan InformerFailing { get; init; }

    /// <summary>An informer without progress for longer than this makes the operator not ready.</summary>
    public required TimeSpan InformerNoProgress { get; init; }

    /// <summary>An informer loop without a heartbeat for longer than this makes the operator not live.</summary>
    public required TimeSpan LoopSilent { get; init; }

    /// <summary>A controller whose keys wait this long while no reconcile finishes makes the operator not live.</summary>
    public required TimeSpan WorkersStalled { get; init; }

    /// <summary>The thresholds for <paramref name="options"/> (<see cref="OperatorOptions.Health"/> when set).</summary>
    public static HealthThresholds For(OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Health is { } configured)
        {
            return configured;
        }

        var informer = options.Informer;
        var watchLifetime = informer.WatchTimeout + informer.WatchTimeoutJitter;
        var longestCall = watchLifetime > informer.IdleTimeout ? watchLifetime : informer.IdleTimeout;
        var failing = 2 * informer.BackoffMax;
        return new HealthThresholds
        {
            InformerFailing = failing > TimeSpan.FromMinutes(1) ? failing : TimeSpan.FromMinutes(1),
            InformerNoProgress = 2 * watchLifetime,
            LoopSilent = 2 * (longestCall + informer.BackoffMax),
            WorkersStalled = TimeSpan.FromMinutes(10),
        };
    }
}
