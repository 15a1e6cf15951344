using System.Diagnostics;
using System.Diagnostics.Metrics;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Admission review metrics: latency and outcome per webhook path, named under the operator's
/// prefix (<see cref="MetricNames"/>). Exported under <see cref="MeterName"/>; add it to the
/// metrics pipeline (e.g. <c>AddMeter(AdmissionMetrics.MeterName)</c>).
/// </summary>
public sealed class AdmissionMetrics
{
    /// <summary>Name of the meter that carries the webhook instruments.</summary>
    public const string MeterName = "SparkOperator.Webhooks";

    /// <summary>Histogram of the time from request to response, in seconds (under the prefix).</summary>
    public const string DurationInstrument = "webhook.review.duration";

    /// <summary>
    /// Counter of reviews, tagged <c>result</c> = allowed, denied, overbudget (denied because judging
    /// the object ran out of time), malformed or error.
    /// </summary>
    public const string ReviewsInstrument = "webhook.reviews";

    private readonly Histogram<double> duration;
    private readonly Counter<long> reviews;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, named as the framework's.</summary>
    public AdmissionMetrics(IMeterFactory meterFactory, FrameworkMetrics framework)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(framework);
        var meter = meterFactory.Create(MeterName);
        duration = meter.CreateHistogram<double>(framework.Names.Of(DurationInstrument), unit: "s", description: "Time to answer one AdmissionReview.");
        reviews = meter.CreateCounter<long>(framework.Names.Of(ReviewsInstrument), unit: "{review}", description: "AdmissionReviews answered, by result.");
    }

    internal void Record(string path, AdmissionOutcome outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "webhook.path", path }, { "result", outcome.ToString().ToLowerInvariant() } };
        reviews.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
    }
}

/// <summary>How one webhook call ended.</summary>
internal enum AdmissionOutcome
{
    Allowed,
    Denied,
    OverBudget,
    Malformed,
    Error,
}
