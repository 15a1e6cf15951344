using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Admission review metrics: latency and outcome per webhook path. Exported under
/// <see cref="MeterName"/>; add it to the metrics pipeline (e.g. <c>AddMeter(AdmissionMetrics.MeterName)</c>).
/// </summary>
public sealed class AdmissionMetrics
{
    /// <summary>Name of the meter that carries the webhook instruments.</summary>
    public const string MeterName = "SparkOperator.Webhooks";

    /// <summary>Histogram of the time from request to response, in seconds.</summary>
    public const string DurationInstrument = "sparkoperator.webhook.review.duration";

    /// <summary>
    /// Counter of reviews, tagged <c>result</c> = allowed, denied, overbudget (denied because judging
    /// the object ran out of time), malformed or error.
    /// </summary>
    public const string ReviewsInstrument = "sparkoperator.webhook.reviews";

    private readonly Histogram<double> duration;
    private readonly Counter<long> reviews;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public AdmissionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        duration = meter.CreateHistogram<double>(DurationInstrument, unit: "s", description: "Time to answer one AdmissionReview.");
        reviews = meter.CreateCounter<long>(ReviewsInstrument, unit: "{review}", description: "AdmissionReviews answered, by result.");
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
