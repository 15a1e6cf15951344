using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Events;

namespace SparkOperator.Lifecycle;

/// <summary>The objects of one attempt as the operator's caches see them.</summary>
/// <param name="Job">The attempt's submit Job, if it exists.</param>
/// <param name="SubmitPod">The pod of that Job (the newest, if several).</param>
/// <param name="DriverPod">The attempt's driver pod, if Spark created it.</param>
/// <param name="SubmitPodRefusal">
/// Why the Job controller could not create the submit pod (its latest FailedCreate Event), when the
/// Job has had time to create it and has none.
/// </param>
public sealed record ObservedAttempt(V1Job? Job, V1Pod? SubmitPod, V1Pod? DriverPod, string? SubmitPodRefusal = null)
{
    public static ObservedAttempt Nothing { get; } = new(null, null, null);
}

/// <summary>The deterministic names of one attempt's objects.</summary>
public sealed record AttemptNames(string JobName, string DriverPodName);

/// <summary>Timing rules of the lifecycle that are the operator's, not the user's.</summary>
public sealed record LifecycleSettings
{
    /// <summary>How long a missing Job or driver may be blamed on a cache that has not caught up yet.</summary>
    public TimeSpan CacheGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retry interval when the spec gives none.</summary>
    public TimeSpan DefaultRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often to look again while waiting for a cache to catch up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a submit or driver pod may stay Pending when the application sets no
    /// driverStartTimeoutSeconds, so no application waits in Submitted forever. Apache's operator
    /// gives its driver five minutes; twice that leaves room for pulling a large Spark image on a
    /// fresh node. Zero turns the default off.
    /// </summary>
    public TimeSpan DefaultDriverStartTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often an application waiting for the ServiceAccount it names (missing or not marked for
    /// Spark) looks at it again; the marking is the namespace admin's, so nothing else wakes it.
    /// </summary>
    public TimeSpan ServiceAccountRecheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a submit or driver pod may be pending before its reason is written into the status.</summary>
    public TimeSpan PendingReportDelay { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Everything the lifecycle decides from.</summary>
public sealed record LifecycleInput(
    SparkApplication Application,
    ObservedAttempt Current,
    Func<int, AttemptNames> Names,
    DateTime Now,
    LifecycleSettings Settings);

/// <summary>What the controller must do before it writes the decided status.</summary>
public enum LifecycleAction
{
    /// <summary>Only write the status (if it changed).</summary>
    None,

    /// <summary>Apply the objects of <see cref="LifecycleDecision.Attempt"/> (idempotent: names are deterministic).</summary>
    Submit,

    /// <summary>Delete the driver and executor pods of <see cref="LifecycleDecision.Attempt"/>.</summary>
    CleanUpAttempt,

    /// <summary>Delete the SparkApplication itself (time to live reached).</summary>
    DeleteApplication,
}

/// <summary>An Event to record about the application.</summary>
public sealed record LifecycleEvent(EventType Type, string Reason, string Message);

/// <summary>The lifecycle's verdict: an action, the status to write after it, events and when to look again.</summary>
public sealed record LifecycleDecision(
    LifecycleAction Action,
    int Attempt,
    SparkApplicationStatus Status,
    TimeSpan? RequeueAfter,
    IReadOnlyList<LifecycleEvent> Events);
