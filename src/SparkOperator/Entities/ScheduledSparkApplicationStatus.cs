using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("What the operator observed of the schedule and its runs. Written by the operator only.")]
public sealed class ScheduledSparkApplicationStatus
{
    [Description("The metadata.generation this status was computed from.")]
    public long? ObservedGeneration { get; set; }

    [ListMap("type")]
    [Description("Scheduling: True while ticks create runs; False with reason Suspended or InvalidSpec. Skipped: the newest tick skipped and why (MissedDeadline, ConcurrencyForbid).")]
    public IList<V1Condition>? Conditions { get; set; }

    [Description("The tick of the newest run created.")]
    public DateTime? LastScheduleTime { get; set; }

    [Description("The newest tick skipped (missed its deadline, or Forbid with a run active).")]
    public DateTime? LastSkippedTime { get; set; }

    [Description("The next tick, unless suspended.")]
    public DateTime? NextScheduleTime { get; set; }

    [Description("Name of the newest run created.")]
    public string? LastRunName { get; set; }

    [Description("Runs not finished yet, oldest first.")]
    public IList<ScheduledRun>? Active { get; set; }

    [Description("Finished runs still kept (within the history limits), newest first, with their outcome.")]
    public IList<ScheduledRun>? LastRuns { get; set; }

    [Description("A human-readable explanation, e.g. why the spec is invalid.")]
    public string? Message { get; set; }
}

[Description("One SparkApplication created by the schedule.")]
public sealed class ScheduledRun
{
    [Description("The SparkApplication's name.")]
    public string? Name { get; set; }

    [Description("The tick it was created for.")]
    public DateTime? ScheduleTime { get; set; }

    [Description("Its phase: Succeeded or Failed once finished.")]
    public ApplicationPhase? Phase { get; set; }

    [Description("When it finished.")]
    public DateTime? CompletionTime { get; set; }
}
