using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Tests.Submission;

/// <summary>spec.logFileDirectory becomes Spark's event-log confs, and a claim is mounted into the driver only.</summary>
public class EventLogTests
{
    private static string Conf(IList<string> argv, string key) =>
        argv.Where(a => a.StartsWith(key + "=", StringComparison.Ordinal)).Select(a => a[(key.Length + 1)..]).Last();

    [TestCase("logs", "eventlogs", "s3a://logs/eventlogs")]
    [TestCase("logs", "/team-a/eventlogs/", "s3a://logs/team-a/eventlogs")]
    [TestCase(null, "logs/eventlogs", "s3a://logs/eventlogs")]
    public void An_s3_directory_is_written_as_an_s3a_URI(string? bucket, string prefix, string expected)
    {
        var app = TestApps.Minimal();
        app.Spec.S3connection = new S3Connection { Endpoint = "http://minio:9000" };
        app.Spec.LogFileDirectory = new LogFileDirectory { S3 = new S3LogDirectory { Bucket = bucket, Prefix = prefix } };

        var argv = TestApps.Argv(TestApps.Build(app));

        Assert.That(Conf(argv, "spark.eventLog.enabled"), Is.EqualTo("true"));
        Assert.That(Conf(argv, "spark.eventLog.dir"), Is.EqualTo(expected));
        Assert.That(Conf(argv, "spark.hadoop.fs.s3a.endpoint"), Is.EqualTo("http://minio:9000"), "through the application's s3connection");
    }

    [Test]
    public void A_custom_directory_is_written_as_is()
    {
        var app = TestApps.Minimal();
        app.Spec.LogFileDirectory = new LogFileDirectory { CustomLogDirectory = "hdfs://namenode:8020/spark-logs" };

        Assert.That(Conf(TestApps.Argv(TestApps.Build(app)), "spark.eventLog.dir"), Is.EqualTo("hdfs://namenode:8020/spark-logs"));
    }

    [Test]
    public void A_claim_is_mounted_into_the_driver_alone_at_the_owned_path()
    {
        var app = TestApps.Minimal();
        app.Spec.LogFileDirectory = new LogFileDirectory { PersistentVolumeClaim = new PvcLogDirectory { ClaimName = "event-logs", Path = "team-a" } };

        var built = TestApps.Build(app);
        var driver = TestApps.DriverTemplate(built);
        var mount = driver.Spec.Containers.Single().VolumeMounts.Single(m => m.Name == OwnedPaths.EventLogVolume);

        Assert.Multiple(() =>
        {
            Assert.That(Conf(TestApps.Argv(built), "spark.eventLog.dir"), Is.EqualTo("file://" + OwnedPaths.EventLogDirectory));
            Assert.That(mount.MountPath, Is.EqualTo(OwnedPaths.EventLogDirectory));
            Assert.That(mount.SubPath, Is.EqualTo("team-a"), "the kubelet creates the directory, which Spark needs to exist");
            Assert.That(mount.ReadOnlyProperty, Is.Null.Or.False);
            Assert.That(driver.Spec.Volumes.Single(v => v.Name == OwnedPaths.EventLogVolume).PersistentVolumeClaim.ClaimName, Is.EqualTo("event-logs"));
            Assert.That(TestApps.ExecutorTemplate(built).Spec.Volumes?.Select(v => v.Name) ?? [], Does.Not.Contain(OwnedPaths.EventLogVolume));
            Assert.That(TestApps.PodSpec(built, "job").Volumes?.Select(v => v.Name) ?? [], Does.Not.Contain(OwnedPaths.EventLogVolume));
        });
    }

    [Test]
    public void Without_a_directory_no_event_log_conf_is_written()
    {
        var argv = TestApps.Argv(TestApps.Build(TestApps.Minimal()));
        Assert.That(argv.Where(a => a.StartsWith("spark.eventLog.", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void The_event_log_confs_are_from_the_spec_so_sparkConf_could_override_them()
    {
        Assert.That(OperatorOwnedSparkConf.IsFromSpec("spark.eventLog.dir") && OperatorOwnedSparkConf.IsFromSpec("spark.eventLog.enabled"));
        Assert.That(OperatorOwnedSparkConf.IsOwned("spark.eventLog.dir", out _), Is.False);
    }
}
