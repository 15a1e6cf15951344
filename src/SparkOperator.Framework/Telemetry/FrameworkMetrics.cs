using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SparkOperator.Framework.Telemetry;

/// <summary>
/// The framework's instruments, on the meter <see cref="FrameworkTelemetry.MeterName"/>, each named
/// under <see cref="MetricNames.Prefix"/>:
/// <c>reconcile.count</c> (tags controller, result:
/// success|requeue|terminal|conflict|error|cancelled|deleted|finalized|finalizing),
/// <c>reconcile.duration</c> (seconds), <c>queue.depth</c> (gauge per controller),
/// <c>queue.wait</c> (seconds a key waited), <c>watch.restarts</c> (tags kind, reason:
/// Ended|Gone|Failed|Idle), <c>watch.undecodable</c> (tag kind: stored object versions the
/// informers could not decode and skip, each counted once), <c>webhook.certificate.rounds</c>
/// (tag outcome).
/// </summary>
public sealed class FrameworkMetrics : IDisposable
{
    private readonly ConcurrentDictionary<string, Func<int>> _queueDepths = new();
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Creates the instruments on a meter of <paramref name="meterFactory"/> (a meter of its own when null).</summary>
    public FrameworkMetrics(MetricNames names, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(FrameworkTelemetry.MeterName) ?? new Meter(FrameworkTelemetry.MeterName);
        Reconciles = _meter.CreateCounter<long>(names.Of("reconcile.count"), description: "Reconciles by controller and result.");
        ReconcileDuration = _meter.CreateHistogram<double>(names.Of("reconcile.duration"), "s", "Time a reconcile took.");
        QueueWait = _meter.CreateHistogram<double>(names.Of("queue.wait"), "s", "Time a key waited in the work queue.");
        WatchRestarts = _meter.CreateCounter<long>(names.Of("watch.restarts"), description: "Watches that ended and were started again, by reason.");
        Undecodable = _meter.CreateCounter<long>(names.Of("watch.undecodable"), description: "Stored object versions the informers could not decode and skip, by kind.");
        CertificateRounds = _meter.CreateCounter<long>(names.Of("webhook.certificate.rounds"), description: "Certificate rotator rounds, by outcome.");
        _meter.CreateObservableGauge(
            names.Of("queue.depth"),
            () => _queueDepths.Select(kv => new Measurement<int>(kv.Value(), new KeyValuePair<string, object?>("controller", kv.Key))),
            description: "Keys ready in each controller's work queue.");
    }

    /// <summary>The names the instruments carry.</summary>
    public MetricNames Names { get; }

    internal Counter<long> Reconciles { get; }

    internal Histogram<double> ReconcileDuration { get; }

    internal Histogram<double> QueueWait { get; }

    internal Counter<long> WatchRestarts { get; }

    internal Counter<long> Undecodable { get; }

    internal Counter<long> CertificateRounds { get; }

    internal void TrackQueue(string controller, Func<int> depth) => _queueDepths[controller] = depth;

    internal void UntrackQueue(string controller) => _queueDepths.TryRemove(controller, out _);

    /// <inheritdoc />
    public void Dispose()
    {
        // A factory's meters live as long as the factory (the service provider).
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
