namespace SparkOperator.Scheduling;

/// <summary>
/// The clock ticks are judged by: the host's by default. Separate from the framework's
/// TimeProvider so that a test can move schedule time without moving leases, watches and queues.
/// </summary>
public sealed class ScheduleClock(TimeProvider time)
{
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
