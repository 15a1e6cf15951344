using System.Diagnostics.Metrics;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>Records every measurement of the framework's meter while it is alive (a test's own listener).</summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Measurement> _seen = [];

    public MetricCapture()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FrameworkTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public double Sum(string instrument, string tag, string value)
    {
        lock (_seen)
        {
            return _seen.Where(m => m.Name == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v, value)).Sum(m => m.Value);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_seen)
        {
            _seen.Add(new Measurement(instrument.Name, value, copy));
        }
    }

    private sealed record Measurement(string Name, double Value, IReadOnlyDictionary<string, object?> Tags);
}
