using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Events;
using SparkOperator.Lifecycle;

namespace SparkOperator.Scheduling;

/// <summary>One run of a scheduled application as the cache shows it.</summary>
public sealed record ObservedRun(string Name, DateTime? Tick, ApplicationPhase? Phase, DateTime? CompletionTime)
{
    public bool Finished => Phase is ApplicationPhase.Succeeded or ApplicationPhase.Failed;

    public static ObservedRun Of(SparkApplication run) =>
        new(run.Metadata.Name, RunBuilder.TickOf(run) ?? run.Metadata.CreationTimestamp, run.Status?.Phase, run.Status?.CompletionTime);
}

/// <summary>
/// What one reconcile of a scheduled application does; the controller carries it out in this
/// order. What the controller deletes (<see cref="DeletionEvents"/>) and creates
/// (<see cref="SchedulePlanner.CreatedEvent"/>) is reported once done; the rest follows the status
/// write, which a concurrent writer can refuse: the retry, from the same status, decides them again.
/// </summary>
public sealed record SchedulePlan(
    DateTime? CreateFor,
    IReadOnlyList<string> DeleteActive,
    IReadOnlyList<string> Trim,
    ScheduledSparkApplicationStatus Status,
    TimeSpan? RequeueAfter,
    IReadOnlyList<(EventType Type, string Reason, string Message)> Events,
    IReadOnlyList<(EventType Type, string Reason, string Message)> DeletionEvents);

/// <summary>
/// The schedule's decisions, pure (the time is an input), in the manner of the Kubernetes CronJob
/// controller: of the ticks since the last one handled only the newest is considered; it is skipped
/// when it is past <c>startingDeadlineSeconds</c> or <c>Forbid</c> finds a run active; a tick whose run
/// exists is done. A skipped tick is handled too (reported once, never run later).
/// </summary>
public static class SchedulePlanner
{
    public const string SchedulingCondition = "Scheduling";
    public const string SkippedCondition = "Skipped";
    public const int DefaultHistoryLimit = 1;

    public static SchedulePlan Plan(ScheduledSparkApplication app, CronSchedule schedule, IReadOnlyList<ObservedRun> runs, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(runs);
        var spec = app.Spec;
        var previous = app.Status ?? new ScheduledSparkApplicationStatus();
        var status = Copy(previous);
        var generation = app.Metadata.Generation;
        status.ObservedGeneration = generation;
        status.Message = null;
        var conditions = status.Conditions ?? [];
        status.Conditions = conditions;
        var events = new List<(EventType, string, string)>();
        var deletions = new List<(EventType, string, string)>();

        var active = runs.Where(r => !r.Finished).OrderBy(r => r.Tick).ToList();
        DateTime? createFor = null;
        IReadOnlyList<string> deleteActive = [];
        TimeSpan? requeue = null;

        // A run newer than the status says was created by a reconcile whose status write was lost.
        foreach (var run in runs.Where(r => r.Tick is not null))
        {
            Created(status, run.Tick!.Value, run.Name);
        }

        if (spec.Suspend == true)
        {
            status.NextScheduleTime = null;
            StatusConditions.Set(conditions, SchedulingCondition, false, "Suspended", "spec.suspend is true: no new runs", generation, now);
        }
        else
        {
            StatusConditions.Set(conditions, SchedulingCondition, true, "Scheduled", "ticks create runs", generation, now);
            var tick = schedule.Previous(now);
            if (tick is { } due && due > Handled(app, previous, runs))
            {
                var name = RunNames.For(app.Metadata.Name, due);
                if (runs.Any(r => r.Name == name))
                {
                    Created(status, due, name);
                }
                else if (spec.StartingDeadlineSeconds is { } deadline && now - due > TimeSpan.FromSeconds(deadline))
                {
                    Skip(status, conditions, due, "MissedDeadline", $"the tick at {due:u} was missed by more than startingDeadlineSeconds ({deadline}) and is skipped", generation, now, events);
                }
                else if (spec.ConcurrencyPolicy == ConcurrencyPolicy.Forbid && active.Count > 0)
                {
                    Skip(status, conditions, due, "ConcurrencyForbid", $"the tick at {due:u} is skipped: concurrencyPolicy is Forbid and {string.Join(", ", active.Select(r => r.Name))} is still active", generation, now, events);
                }
                else
                {
                    createFor = due;
                    if (spec.ConcurrencyPolicy == ConcurrencyPolicy.Replace && active.Count > 0)
                    {
                        deleteActive = [.. active.Select(r => r.Name)];
                        deletions.Add((EventType.Normal, "RunReplaced", $"deleted {string.Join(", ", deleteActive)} (concurrencyPolicy Replace) for the tick at {due:u}"));
                        active.Clear();
                    }

                    Created(status, due, name);
                    active.Add(new ObservedRun(name, due, null, null));
                    StatusConditions.Set(conditions, SkippedCondition, false, "RunCreated", $"the tick at {due:u} created {name}", generation, now);
                }
            }

            status.NextScheduleTime = schedule.Next(now);
            requeue = status.NextScheduleTime - now;
        }

        var (kept, trim) = History(spec, runs);
        foreach (var done in kept.Where(r => previous.Active?.Any(a => a.Name == r.Name) == true))
        {
            var type = done.Phase == ApplicationPhase.Succeeded ? EventType.Normal : EventType.Warning;
            events.Add((type, $"Run{done.Phase}", $"SparkApplication {done.Name} (tick {done.Tick:u}) ended {done.Phase}"));
        }

        if (trim.Count > 0)
        {
            deletions.Add((EventType.Normal, "HistoryTrimmed", $"deleted finished runs beyond the history limits: {string.Join(", ", trim)}"));
        }

        status.Active = active.Count == 0 ? null : [.. active.Select(ToStatus)];
        status.LastRuns = kept.Count == 0 ? null : [.. kept.Select(ToStatus)];
        return new SchedulePlan(createFor, deleteActive, trim, status, requeue, events, deletions);
    }

    /// <summary>The Event of a run created (answered 201, not 409).</summary>
    public static (EventType Type, string Reason, string Message) CreatedEvent(string run, DateTime tick) =>
        (EventType.Normal, "RunCreated", $"created SparkApplication {run} for the tick at {tick:u}");

    /// <summary>A schedule that cannot go on (reason InvalidSpec, NameTaken): reported in status; nothing is created.</summary>
    public static ScheduledSparkApplicationStatus Stopped(ScheduledSparkApplication app, string reason, string message, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(app);
        var status = Copy(app.Status ?? new ScheduledSparkApplicationStatus());
        status.ObservedGeneration = app.Metadata.Generation;
        status.NextScheduleTime = null;
        status.Message = message;
        status.Conditions ??= [];
        StatusConditions.Set(status.Conditions, SchedulingCondition, false, reason, message, app.Metadata.Generation, now);
        return status;
    }

    /// <summary>The newest tick already handled (run or skipped); ticks after it are due.</summary>
    private static DateTime Handled(ScheduledSparkApplication app, ScheduledSparkApplicationStatus status, IReadOnlyList<ObservedRun> runs)
    {
        var handled = app.Metadata.CreationTimestamp ?? DateTime.MinValue;
        foreach (var time in new[] { status.LastScheduleTime, status.LastSkippedTime }.Concat(runs.Select(r => r.Tick)))
        {
            if (time is { } t && t > handled)
            {
                handled = t;
            }
        }

        return handled;
    }

    /// <summary>Finished runs kept (newest first) and those beyond the limits, to delete.</summary>
    private static (IReadOnlyList<ObservedRun> Kept, IReadOnlyList<string> Trim) History(ScheduledSparkApplicationSpec spec, IReadOnlyList<ObservedRun> runs)
    {
        var kept = new List<ObservedRun>();
        var trim = new List<string>();
        foreach (var (phase, limit) in new[] { (ApplicationPhase.Succeeded, spec.SuccessfulRunHistoryLimit), (ApplicationPhase.Failed, spec.FailedRunHistoryLimit) })
        {
            var finished = runs.Where(r => r.Phase == phase).OrderByDescending(r => r.Tick).ThenByDescending(r => r.Name, StringComparer.Ordinal).ToList();
            var keep = Math.Max(0, limit ?? DefaultHistoryLimit);
            kept.AddRange(finished.Take(keep));
            trim.AddRange(finished.Skip(keep).Select(r => r.Name));
        }

        return ([.. kept.OrderByDescending(r => r.Tick)], trim);
    }

    private static void Created(ScheduledSparkApplicationStatus status, DateTime tick, string name)
    {
        if (status.LastScheduleTime is null || status.LastScheduleTime < tick)
        {
            status.LastScheduleTime = tick;
            status.LastRunName = name;
        }
    }

    private static void Skip(ScheduledSparkApplicationStatus status, IList<V1Condition> conditions, DateTime tick, string reason, string message, long? generation, DateTime now, List<(EventType, string, string)> events)
    {
        status.LastSkippedTime = tick;
        StatusConditions.Set(conditions, SkippedCondition, true, reason, message, generation, now);
        events.Add((EventType.Warning, "TickSkipped", message));
    }

    private static ScheduledRun ToStatus(ObservedRun run) =>
        new() { Name = run.Name, ScheduleTime = run.Tick, Phase = run.Phase, CompletionTime = run.CompletionTime };

    private static ScheduledSparkApplicationStatus Copy(ScheduledSparkApplicationStatus status) =>
        KubernetesJson.Deserialize<ScheduledSparkApplicationStatus>(KubernetesJson.Serialize(status));
}
