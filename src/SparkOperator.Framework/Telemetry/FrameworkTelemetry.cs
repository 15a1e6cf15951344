using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SparkOperator.Framework.Telemetry;

/// <summary>
/// The framework's OpenTelemetry sources. Register <see cref="MeterName"/> with
/// <c>AddMeter</c> and <see cref="ActivitySourceName"/> with <c>AddSource</c>. Instruments:
/// <c>operator.reconcile.count</c> (tags controller, result:
/// success|requeue|terminal|conflict|error|cancelled|deleted|finalized|finalizing),
/// <c>operator.reconcile.duration</c> (seconds), <c>operator.queue.depth</c> (gauge per controller),
/// <c>operator.queue.wait</c> (seconds a key waited), <c>operator.watch.restarts</c>
/// (tags kind, reason: Ended|Gone|Failed|Idle), <c>operator.watch.undecodable</c> (tag kind: stored
/// object versions the informers could not decode and skip, each counted once).
/// One span per reconcile, named <c>reconcile {controller}</c>.
/// </summary>
public static class FrameworkTelemetry
{
    /// <summary>Name of the <see cref="Meter"/>.</summary>
    public const string MeterName = "SparkOperator.Framework";

    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "SparkOperator.Framework";

    private static readonly ConcurrentDictionary<string, Func<int>> QueueDepths = new();

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Reconciles = Meter.CreateCounter<long>("operator.reconcile.count", description: "Reconciles by controller and result.");

    internal static readonly Histogram<double> ReconcileDuration = Meter.CreateHistogram<double>("operator.reconcile.duration", "s", "Time a reconcile took.");

    internal static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>("operator.queue.wait", "s", "Time a key waited in the work queue.");

    internal static readonly Counter<long> WatchRestarts = Meter.CreateCounter<long>("operator.watch.restarts", description: "Watches that ended and were started again, by reason.");

    internal static readonly Counter<long> Undecodable = Meter.CreateCounter<long>("operator.watch.undecodable", description: "Stored object versions the informers could not decode and skip, by kind.");

    internal static readonly ObservableGauge<int> QueueDepth = Meter.CreateObservableGauge(
        "operator.queue.depth",
        () => QueueDepths.Select(kv => new Measurement<int>(kv.Value(), new KeyValuePair<string, object?>("controller", kv.Key))),
        description: "Keys ready in each controller's work queue.");

    internal static void TrackQueue(string controller, Func<int> depth) => QueueDepths[controller] = depth;

    internal static void UntrackQueue(string controller) => QueueDepths.TryRemove(controller, out _);
}
