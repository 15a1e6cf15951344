using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// spec.logFileDirectory in a SparkApplication: the event-log confs, and the claim in the driver,
/// the only process that writes event logs (executors and spark-submit do not).
/// </summary>
internal static class EventLogs
{
    public const string EnabledConf = "spark.eventLog.enabled";
    public const string DirectoryConf = "spark.eventLog.dir";

    public static IEnumerable<KeyValuePair<string, string>> Confs(SparkApplication app)
    {
        if (app.Spec.LogFileDirectory is not { } directory)
        {
            yield break;
        }

        yield return new(EnabledConf, "true");
        yield return new(DirectoryConf, EventLogLocation.Uri(directory));
    }

    public static IEnumerable<k8s.Models.V1Volume> DriverVolumes(SparkApplication app, bool isDriver)
    {
        if (isDriver && EventLogLocation.Volume(app.Spec.LogFileDirectory) is { } volume)
        {
            yield return volume;
        }
    }

    public static IEnumerable<k8s.Models.V1VolumeMount> DriverMounts(SparkApplication app, bool isDriver)
    {
        if (isDriver && EventLogLocation.Mount(app.Spec.LogFileDirectory, readOnly: false) is { } mount)
        {
            yield return mount;
        }
    }
}
