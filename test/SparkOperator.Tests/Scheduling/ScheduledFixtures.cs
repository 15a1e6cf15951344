using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Tests.Scheduling;

internal static class ScheduledFixtures
{
    public static readonly DateTime Created = new(2026, 12, 1, 10, 0, 30, DateTimeKind.Utc);

    public static ScheduledSparkApplication Create(string schedule = "*/5 * * * *", Action<ScheduledSparkApplicationSpec>? change = null)
    {
        var app = new ScheduledSparkApplication
        {
            Metadata = new V1ObjectMeta { Name = "nightly", NamespaceProperty = "ns", Uid = "uid-1", Generation = 1, CreationTimestamp = Created, ResourceVersion = "1" },
            Spec = new ScheduledSparkApplicationSpec
            {
                Schedule = schedule,
                Template = new SparkApplicationTemplate
                {
                    Metadata = new TemplateMetadata { Labels = new Dictionary<string, string> { ["team"] = "analytics" } },
                    Spec = new SparkApplicationSpec
                    {
                        SparkImage = "apache/spark:4.1.1",
                        MainApplicationFile = "local:///opt/spark/examples/jars/spark-examples.jar",
                        MainClass = "org.apache.spark.examples.SparkPi",
                    },
                },
            },
        };
        change?.Invoke(app.Spec);
        return app;
    }
}
