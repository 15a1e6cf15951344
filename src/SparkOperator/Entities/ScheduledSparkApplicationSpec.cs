using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("When to run, what to do with overlapping and missed runs, how many finished runs to keep, and the SparkApplication to run.")]
public sealed class ScheduledSparkApplicationSpec
{
    [Required]
    [Length(minLength: 1, maxLength: 256)]
    [Description("A cron schedule of five fields (minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\") or a macro: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.")]
    public string Schedule { get; set; } = "";

    [Length(maxLength: 64)]
    [Description("The IANA time zone the schedule is read in, e.g. Europe/Berlin; unset means UTC.")]
    public string? TimeZone { get; set; }

    [Description("What a tick does while an earlier run is still active: Allow starts another run, Forbid skips the tick, Replace deletes the active runs and starts the new one. Default Allow.")]
    public ConcurrencyPolicy? ConcurrencyPolicy { get; set; }

    [Description("True holds back new runs (active runs go on); false or unset schedules. Ticks missed while suspended are treated as missed ticks when it is resumed.")]
    public bool? Suspend { get; set; }

    [Range(minimum: 0)]
    [Description("Seconds after its tick a run may still start (after an operator outage, or while suspended). Of the ticks missed, only the newest is run, and only within this deadline; a tick past it is skipped and reported. Unset: the newest missed tick is run however late.")]
    public long? StartingDeadlineSeconds { get; set; }

    [Range(minimum: 0)]
    [Description("How many succeeded runs to keep; older ones are deleted. Default 1.")]
    public int? SuccessfulRunHistoryLimit { get; set; }

    [Range(minimum: 0)]
    [Description("How many failed runs to keep; older ones are deleted. Default 1.")]
    public int? FailedRunHistoryLimit { get; set; }

    [Required]
    [Description("The SparkApplication each tick creates: its labels and annotations, and its spec, checked by the same rules as a SparkApplication's.")]
    public SparkApplicationTemplate Template { get; set; } = new();
}

[Description("The SparkApplication each tick creates.")]
public sealed class SparkApplicationTemplate
{
    [Description("Labels and annotations of each run; other metadata is the operator's.")]
    public TemplateMetadata? Metadata { get; set; }

    [Required]
    [Description("The spec of each run, as a SparkApplication's spec.")]
    public SparkApplicationSpec Spec { get; set; } = new();
}

[Description("Labels and annotations given to each run.")]
public sealed class TemplateMetadata
{
    [Description("Labels of each run (the operator adds its own).")]
    public IDictionary<string, string>? Labels { get; set; }

    [Description("Annotations of each run (the operator adds its own).")]
    public IDictionary<string, string>? Annotations { get; set; }
}

[Description("What a tick does while an earlier run is still active.")]
public enum ConcurrencyPolicy
{
    Allow,
    Forbid,
    Replace,
}
