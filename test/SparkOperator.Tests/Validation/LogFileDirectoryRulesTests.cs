using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>spec.logFileDirectory of a SparkApplication: each broken form is denied at exactly its field's path.</summary>
public class LogFileDirectoryRulesTests
{
    private static readonly S3Connection Minio = new() { Endpoint = "http://minio:9000", PathStyleAccess = true };

    private static TestCaseData Bad(string name, LogFileDirectory directory, string path, string message, bool withS3 = true) =>
        new TestCaseData(directory, withS3, path, message).SetName("Denies " + name);

    public static IEnumerable<TestCaseData> BadCases()
    {
        yield return Bad("an empty directory", new LogFileDirectory(), "spec.logFileDirectory", "sets none");
        yield return Bad("two kinds", new LogFileDirectory { S3 = new() { Bucket = "logs", Prefix = "x" }, CustomLogDirectory = "hdfs://nn/x" }, "spec.logFileDirectory", "sets s3 and customLogDirectory");
        yield return Bad("s3 without s3connection", new LogFileDirectory { S3 = new() { Bucket = "logs", Prefix = "x" } }, "spec.logFileDirectory.s3", "needs spec.s3connection", withS3: false);
        yield return Bad("an empty prefix", new LogFileDirectory { S3 = new() { Bucket = "logs", Prefix = "/" } }, "spec.logFileDirectory.s3.prefix", "is required");
        yield return Bad("a prefix with a space", new LogFileDirectory { S3 = new() { Bucket = "logs", Prefix = "event logs" } }, "spec.logFileDirectory.s3.prefix", "whitespace");
        yield return Bad("a prefix with '..'", new LogFileDirectory { S3 = new() { Bucket = "logs", Prefix = "a/../b" } }, "spec.logFileDirectory.s3.prefix", "'..'");
        yield return Bad("a bucket with capitals", new LogFileDirectory { S3 = new() { Bucket = "Logs", Prefix = "x" } }, "spec.logFileDirectory.s3.bucket", "not a bucket name");
        yield return Bad("a prefix without bucket that starts with no bucket", new LogFileDirectory { S3 = new() { Prefix = "A_B/x" } }, "spec.logFileDirectory.s3.prefix", "first segment is the bucket");
        yield return Bad("an invalid claim name", new LogFileDirectory { PersistentVolumeClaim = new() { ClaimName = "Event_Logs" } }, "spec.logFileDirectory.persistentVolumeClaim.claimName", "DNS-1123");
        yield return Bad("an absolute claim path", new LogFileDirectory { PersistentVolumeClaim = new() { ClaimName = "logs", Path = "/spark" } }, "spec.logFileDirectory.persistentVolumeClaim.path", "relative");
        yield return Bad("a claim path with '..'", new LogFileDirectory { PersistentVolumeClaim = new() { ClaimName = "logs", Path = "a/../../etc" } }, "spec.logFileDirectory.persistentVolumeClaim.path", "'..'");
        yield return Bad("a URI without a scheme", new LogFileDirectory { CustomLogDirectory = "/var/log/spark" }, "spec.logFileDirectory.customLogDirectory", "with a scheme");
        yield return Bad("a local:// URI", new LogFileDirectory { CustomLogDirectory = "local:///opt/logs" }, "spec.logFileDirectory.customLogDirectory", "local://");
        yield return Bad("a URI with a newline", new LogFileDirectory { CustomLogDirectory = "hdfs://nn/logs\nspark.master=local" }, "spec.logFileDirectory.customLogDirectory", "control characters");
    }

    [TestCaseSource(nameof(BadCases))]
    public void Bad_directory_is_denied_at_its_path(LogFileDirectory directory, bool withS3, string path, string message)
    {
        var application = ValidApplication.Create();
        application.Spec.LogFileDirectory = directory;
        application.Spec.S3connection = withS3 ? Minio : null;

        var result = ValidApplication.Validate(application);

        Assert.That(result.Errors.Select(e => e.Path).ToList(), Is.EqualTo(new List<string> { path }), string.Join("\n", result.Errors));
        Assert.That(result.Errors[0].Message, Does.Contain(message));
    }

    [TestCase("hdfs://namenode:8020/spark-logs")]
    [TestCase("hdfs:////spark-logs")]
    [TestCase("s3a://other-bucket/logs")]
    [TestCase("file:///mnt/logs")]
    [TestCase("abfss://logs@account.dfs.core.windows.net/spark")]
    public void A_custom_directory_URI_is_accepted(string uri)
    {
        var application = ValidApplication.Create();
        application.Spec.LogFileDirectory = new LogFileDirectory { CustomLogDirectory = uri };
        Assert.That(ValidApplication.Validate(application).Errors, Is.Empty);
    }

    [Test]
    public void S3_and_claim_directories_are_accepted()
    {
        var application = ValidApplication.Create();
        application.Spec.S3connection = Minio;
        application.Spec.LogFileDirectory = new LogFileDirectory { S3 = new() { Prefix = "spark-logs/eventlogs/" } };
        Assert.That(ValidApplication.Validate(application).Errors, Is.Empty);

        application.Spec.LogFileDirectory = new LogFileDirectory { PersistentVolumeClaim = new() { ClaimName = "event-logs", Path = "team-a/logs" } };
        Assert.That(ValidApplication.Validate(application).Errors, Is.Empty);
    }

    [TestCase("spark.eventLog.dir")]
    [TestCase("spark.eventLog.enabled")]
    public void SparkConf_contradicting_the_directory_is_denied(string key)
    {
        var application = ValidApplication.Create();
        application.Spec.LogFileDirectory = new LogFileDirectory { CustomLogDirectory = "hdfs://nn/logs" };
        application.Spec.SparkConf![key] = "x";

        var result = ValidApplication.Validate(application);

        Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { $"spec.sparkConf[{key}]: contradicts spec.logFileDirectory, which sets it; remove one of them" }));
    }

    [Test]
    public void SparkConf_event_log_keys_alone_stay_allowed()
    {
        var application = ValidApplication.Create();
        application.Spec.SparkConf!["spark.eventLog.dir"] = "hdfs://nn/logs";
        Assert.That(ValidApplication.Validate(application).Errors, Is.Empty);
    }

    [Test]
    public void A_policy_without_claims_denies_a_claim_directory_naming_the_setting()
    {
        var application = ValidApplication.Create();
        application.Spec.Volumes = null;
        application.Spec.Driver!.VolumeMounts = null;
        application.Spec.Executor!.VolumeMounts = null;
        application.Spec.LogFileDirectory = new LogFileDirectory { PersistentVolumeClaim = new() { ClaimName = "event-logs" } };
        var policy = new PodPolicy { AllowedVolumeTypes = ["configMap", "secret", "emptyDir"] };

        var errors = new SparkApplicationAdmissionValidator(policy).ValidateSpec(application);

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "spec.logFileDirectory.persistentVolumeClaim" }), string.Join("\n", errors));
        Assert.That(errors[0].Message, Does.Contain(PodPolicy.AllowedVolumeTypesSetting));
    }
}
