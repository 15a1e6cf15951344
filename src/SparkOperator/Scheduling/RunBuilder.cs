using System.Globalization;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Spark;

namespace SparkOperator.Scheduling;

/// <summary>The SparkApplication of one tick, from the template (pure).</summary>
public static class RunBuilder
{
    public static SparkApplication Build(ScheduledSparkApplication scheduled, DateTime tick)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        var template = scheduled.Spec.Template;
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [OwnedScheduleNames.ScheduledAppLabel] = RunNames.Label(scheduled.Metadata.Name),
        };
        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [OwnedScheduleNames.ScheduledTimeAnnotation] = Format(tick),
        };
        return new SparkApplication
        {
            Metadata = new V1ObjectMeta
            {
                Name = RunNames.For(scheduled.Metadata.Name, tick),
                NamespaceProperty = scheduled.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = [scheduled.ControllerReference()],
            },

            // A copy: the run must not share lists with the cached scheduled application.
            Spec = KubernetesJson.Deserialize<SparkApplicationSpec>(KubernetesJson.Serialize(template.Spec)),
        };
    }

    /// <summary>The tick a run was made for, from its annotation; null when missing or unreadable.</summary>
    public static DateTime? TickOf(SparkApplication run) =>
        run.Metadata.Annotations?.TryGetValue(OwnedScheduleNames.ScheduledTimeAnnotation, out var value) == true
        && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var tick)
            ? tick
            : null;

    private static string Format(DateTime tick) =>
        DateTime.SpecifyKind(tick, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
