namespace SparkOperator.Spark;

/// <summary>
/// The label and annotation the operator puts on every run of a ScheduledSparkApplication: the
/// scheduled application finds its runs by owner reference, people find them by the label, and
/// the annotation keeps the tick a run was made for. A template may not set them.
/// </summary>
public static class OwnedScheduleNames
{
    /// <summary>The scheduled application's name (cut and hashed past a label value's length).</summary>
    public const string ScheduledAppLabel = "sparkoperator.dev/scheduled-app";

    /// <summary>The tick the run was created for, in RFC 3339 (UTC).</summary>
    public const string ScheduledTimeAnnotation = "sparkoperator.dev/scheduled-time";

    /// <summary>True for a key only the operator may set on a run.</summary>
    public static bool IsOwned(string key) => key is ScheduledAppLabel or ScheduledTimeAnnotation;
}
