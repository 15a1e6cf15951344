using System.Diagnostics;

namespace SparkOperator.Framework.Telemetry;

/// <summary>
/// Where the framework's telemetry is published: its meter (the instruments are in
/// <see cref="FrameworkMetrics"/>, named after the operator) and its activity source, one span per
/// reconcile named <c>reconcile {controller}</c>. Register <see cref="MeterName"/> with
/// <c>AddMeter</c> and <see cref="ActivitySourceName"/> with <c>AddSource</c>.
/// </summary>
public static class FrameworkTelemetry
{
    /// <summary>Name of the framework's meter (the instrumentation scope: this library).</summary>
    public const string MeterName = "SparkOperator.Framework";

    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "SparkOperator.Framework";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
