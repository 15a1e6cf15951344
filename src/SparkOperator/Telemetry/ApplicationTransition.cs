using SparkOperator.Entities;
using SparkOperator.Lifecycle;

namespace SparkOperator.Telemetry;

/// <summary>What one written status change means for the metrics, read from the stored and the written status only.</summary>
public sealed record ApplicationTransition
{
    /// <summary>A submission was made: <c>created</c> (its Job), <c>refused</c> (the API server refused its objects), <c>invalid</c> (the spec failed the rules; nothing created).</summary>
    public string? Submission { get; init; }

    /// <summary>An attempt failed: (<c>submission</c> | <c>run</c> | <c>spec</c>, the reason the status gives).</summary>
    public (string Kind, string Reason)? Failure { get; init; }

    /// <summary>Creation to the first attempt's Job.</summary>
    public TimeSpan? TimeToSubmission { get; init; }

    /// <summary>Creation to the first attempt's driver running.</summary>
    public TimeSpan? TimeToRunning { get; init; }

    /// <summary>Creation to the application's end, with the phase it ended in.</summary>
    public (TimeSpan Elapsed, ApplicationPhase Phase)? TimeToCompletion { get; init; }

    /// <summary>Nothing to record.</summary>
    public static ApplicationTransition None { get; } = new();

    /// <summary>
    /// The transition from <paramref name="stored"/> to <paramref name="written"/> of an application
    /// created at <paramref name="created"/>, written at <paramref name="now"/>. A status is written
    /// once per change (a refused write is decided again from the new stored status), so each
    /// transition is seen once per operator process.
    /// </summary>
    public static ApplicationTransition Between(SparkApplicationStatus? stored, SparkApplicationStatus written, DateTime? created, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(written);
        var since = created is { } c && now >= c ? now - c : (TimeSpan?)null;
        var storedAttempt = stored?.Attempt ?? 0;
        var attempt = written.Attempt ?? 0;
        var submissionFailed = (written.SubmissionAttempts ?? 0) > (stored?.SubmissionAttempts ?? 0);
        var runFailed = (written.ExecutionAttempts ?? 0) > (stored?.ExecutionAttempts ?? 0);
        var finished = stored?.CompletionTime is null && written.CompletionTime is not null
            && written.Phase is ApplicationPhase.Succeeded or ApplicationPhase.Failed;
        var rejected = finished && written.Phase == ApplicationPhase.Failed && !submissionFailed && !runFailed && attempt == storedAttempt
            && stored?.Phase is not (ApplicationPhase.Running or ApplicationPhase.Submitted);

        string? submission = null;
        if (attempt > storedAttempt)
        {
            submission = submissionFailed ? "refused" : "created";
        }
        else if (rejected)
        {
            submission = "invalid";
        }

        (string, string)? failure = null;
        if (submissionFailed || runFailed)
        {
            failure = (submissionFailed ? "submission" : "run", Reason(written, StatusConditions.Running));
        }
        else if (rejected)
        {
            failure = ("spec", Reason(written, StatusConditions.Failed));
        }

        return new ApplicationTransition
        {
            Submission = submission,
            Failure = failure,
            TimeToSubmission = storedAttempt == 0 && attempt == 1 && !submissionFailed ? since : null,
            TimeToRunning = attempt == 1 && written.Phase == ApplicationPhase.Running && stored?.Phase != ApplicationPhase.Running ? since : null,
            TimeToCompletion = finished && since is { } elapsed ? (elapsed, written.Phase!.Value) : null,
        };
    }

    private static string Reason(SparkApplicationStatus status, string condition) =>
        StatusConditions.Find(status.Conditions, condition)?.Reason is { Length: > 0 } reason ? reason : "Unknown";
}
