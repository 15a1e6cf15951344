using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

/// <summary>Runs a SparkApplication from a template on a cron schedule, as a CronJob runs Jobs.</summary>
[KubernetesEntity(Group = SparkApplication.GroupName, ApiVersion = SparkApplication.Version, Kind = KindName, PluralName = Plural)]
[ShortNames("scheduledsparkapp", "scheduledsparkapps")]
[Description("A ScheduledSparkApplication creates a SparkApplication from its template at every tick of its cron schedule, owns the runs it created, and keeps the newest finished ones.")]
[PrinterColumn("Schedule", "string", ".spec.schedule", Description = "The cron schedule.")]
[PrinterColumn("Suspend", "boolean", ".spec.suspend", Description = "Whether new runs are held back.")]
[PrinterColumn("Last Run", "date", ".status.lastScheduleTime", Description = "The tick of the newest run.")]
[PrinterColumn("Next Run", "string", ".status.nextScheduleTime", Description = "The next tick, in UTC.")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed class ScheduledSparkApplication : CustomKubernetesEntity<ScheduledSparkApplicationSpec, ScheduledSparkApplicationStatus>
{
    public const string KindName = "ScheduledSparkApplication";
    public const string Plural = "scheduledsparkapplications";
}
