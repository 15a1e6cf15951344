using System.Diagnostics.Metrics;
using SparkOperator.Entities;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Telemetry;

/// <summary>
/// The operator's per-application instruments, on the meter <see cref="MeterName"/>, named under the
/// framework's prefix (<see cref="MetricNames"/>), after OpenTelemetry's conventions (durations in
/// seconds, counts with a unit in braces):
/// <c>applications</c> (gauge by <c>phase</c>, from the cache), <c>application.submissions</c>
/// (by <c>result</c>: created, refused, invalid), <c>application.failures</c> (by <c>kind</c>:
/// submission, run, spec; and <c>reason</c>), and the histograms <c>application.time_to_submission</c>
/// (creation to the first Job), <c>application.time_to_running</c> (to the first driver running) and
/// <c>application.time_to_completion</c> (to the end, by <c>phase</c>).
/// </summary>
public sealed class ApplicationMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "SparkOperator.Applications";

    private readonly Counter<long> submissions;
    private readonly Counter<long> failures;
    private readonly Histogram<double> timeToSubmission;
    private readonly Histogram<double> timeToRunning;
    private readonly Histogram<double> timeToCompletion;

    public ApplicationMetrics(IMeterFactory meterFactory, FrameworkMetrics framework, IResourceStore<SparkApplication> applications)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(framework);
        var names = framework.Names;
        var meter = meterFactory.Create(MeterName);
        submissions = meter.CreateCounter<long>(names.Of("application.submissions"), "{submission}", "Submissions by result: created, refused (the API server refused the objects), invalid (the spec failed the rules).");
        failures = meter.CreateCounter<long>(names.Of("application.failures"), "{failure}", "Failed attempts by kind (submission, run, spec) and reason.");
        timeToSubmission = meter.CreateHistogram<double>(names.Of("application.time_to_submission"), "s", "Time from an application's creation to its first submit Job.");
        timeToRunning = meter.CreateHistogram<double>(names.Of("application.time_to_running"), "s", "Time from an application's creation to its first driver running.");
        timeToCompletion = meter.CreateHistogram<double>(names.Of("application.time_to_completion"), "s", "Time from an application's creation to its end, by the phase it ended in.");
        meter.CreateObservableGauge(
            names.Of("applications"),
            () => CountByPhase(applications),
            "{application}",
            "Applications the operator follows, by phase (none yet: Pending).");
    }

    /// <summary>Records what a written status change means.</summary>
    public void Record(ApplicationTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (transition.Submission is { } result)
        {
            submissions.Add(1, new KeyValuePair<string, object?>("result", result));
        }

        if (transition.Failure is { } failure)
        {
            failures.Add(1, new("kind", failure.Kind), new("reason", failure.Reason));
        }

        if (transition.TimeToSubmission is { } submitted)
        {
            timeToSubmission.Record(submitted.TotalSeconds);
        }

        if (transition.TimeToRunning is { } running)
        {
            timeToRunning.Record(running.TotalSeconds);
        }

        if (transition.TimeToCompletion is { } completion)
        {
            timeToCompletion.Record(completion.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("phase", completion.Phase.ToString()));
        }
    }

    // Every phase, zeros included, so a phase that empties reads 0 rather than its last value.
    private static IEnumerable<Measurement<int>> CountByPhase(IResourceStore<SparkApplication> applications)
    {
        var counts = Enum.GetValues<ApplicationPhase>().ToDictionary(p => p, _ => 0);
        foreach (var app in applications.List())
        {
            counts[app.Status?.Phase ?? ApplicationPhase.Pending]++;
        }

        return counts.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("phase", kv.Key.ToString())));
    }
}
