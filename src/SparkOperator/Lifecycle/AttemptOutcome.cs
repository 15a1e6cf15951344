using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Lifecycle;

/// <summary>How an attempt stands, read from its Job, submit pod and driver pod.</summary>
public enum AttemptState
{
    /// <summary>Nothing of the attempt is visible (yet).</summary>
    NotFound,

    /// <summary>spark-submit is pending or running; no driver yet.</summary>
    Submitting,

    /// <summary>The driver pod exists and waits to start.</summary>
    DriverPending,

    /// <summary>The driver runs.</summary>
    DriverRunning,

    /// <summary>The driver's phase is Unknown (its node is unreachable).</summary>
    DriverUnknown,

    /// <summary>spark-submit finished but the driver is not visible (yet).</summary>
    SubmittedAwaitingDriver,

    /// <summary>The driver succeeded.</summary>
    Succeeded,

    /// <summary>spark-submit failed: no driver ran.</summary>
    SubmissionFailed,

    /// <summary>The driver failed.</summary>
    RunFailed,
}

/// <summary>An attempt's state with the evidence behind it.</summary>
/// <param name="State">Where the attempt stands.</param>
/// <param name="Message">What a person reads in status.message.</param>
/// <param name="Since">When the state began, where the objects say (pod/Job times).</param>
public sealed record AttemptOutcome(AttemptState State, string Message, DateTime? Since)
{
    /// <summary>Classifies what the caches show of one attempt.</summary>
    public static AttemptOutcome Classify(ObservedAttempt observed, AttemptNames names)
    {
        if (observed.DriverPod is { } driver)
        {
            return ClassifyDriver(driver);
        }

        if (observed.Job is not { } job)
        {
            return new(AttemptState.NotFound, $"neither Job {names.JobName} nor driver pod {names.DriverPodName} exists", null);
        }

        if (HasCondition(job, "Failed"))
        {
            var message = observed.SubmitPod is { } pod
                ? PodInspection.TerminationSummary(pod, "spark-submit")
                : $"spark-submit Job {job.Name()} failed: {ConditionMessage(job, "Failed")}";
            return new(AttemptState.SubmissionFailed, message, ConditionTime(job, "Failed"));
        }

        if (HasCondition(job, "Complete"))
        {
            return new(AttemptState.SubmittedAwaitingDriver, $"spark-submit finished; waiting for driver pod {names.DriverPodName}", job.Status?.CompletionTime ?? ConditionTime(job, "Complete"));
        }

        var pending = observed.SubmitPod is { Status.Phase: "Pending" } submitPod ? $": {PodInspection.PendingReason(submitPod)}" : "";
        return new(AttemptState.Submitting, $"spark-submit Job {job.Name()} is running{pending}", job.Metadata?.CreationTimestamp);
    }

    private static AttemptOutcome ClassifyDriver(V1Pod driver) => driver.Status?.Phase switch
    {
        "Running" => new(AttemptState.DriverRunning, $"driver pod {driver.Name()} is running", driver.Status.StartTime),
        "Succeeded" => new(AttemptState.Succeeded, $"driver pod {driver.Name()} succeeded", PodInspection.FinishedAt(driver)),
        "Failed" => new(AttemptState.RunFailed, PodInspection.TerminationSummary(driver, $"driver pod {driver.Name()}"), PodInspection.FinishedAt(driver)),
        "Unknown" => new(AttemptState.DriverUnknown, $"driver pod {driver.Name()} is in phase Unknown: {PodInspection.PendingReason(driver)}", null),
        _ => new(AttemptState.DriverPending, $"driver pod {driver.Name()} is pending: {PodInspection.PendingReason(driver)}", driver.Metadata?.CreationTimestamp),
    };

    private static bool HasCondition(V1Job job, string type) =>
        job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    private static string? ConditionMessage(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Message;

    private static DateTime? ConditionTime(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.LastTransitionTime;

    /// <summary>The phase shown while the attempt is in this state.</summary>
    public ApplicationPhase Phase => State switch
    {
        AttemptState.DriverRunning => ApplicationPhase.Running,
        AttemptState.DriverUnknown => ApplicationPhase.Unknown,
        _ => ApplicationPhase.Submitted,
    };
}
