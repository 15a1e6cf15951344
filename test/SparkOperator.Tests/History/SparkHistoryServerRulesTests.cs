using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Validation;

namespace SparkOperator.Tests.History;

/// <summary>Each broken SparkHistoryServer field is denied at exactly its path.</summary>
public class SparkHistoryServerRulesTests
{
    private static TestCaseData Bad(string name, Action<SparkHistoryServer> breakIt, string path, string message) =>
        new TestCaseData(breakIt, path, message).SetName("Denies " + name);

    public static IEnumerable<TestCaseData> BadCases()
    {
        yield return Bad("a missing image", s => s.Spec.Image = "", "spec.image", "is required");
        yield return Bad("an invalid image", s => s.Spec.Image = "apache/spark:4.1.1 --privileged", "spec.image", "not a valid image reference");
        yield return Bad("an empty directory", s => s.Spec.LogFileDirectory = new LogFileDirectory(), "spec.logFileDirectory", "sets none");
        yield return Bad("s3 without s3connection", s => s.Spec.LogFileDirectory = new LogFileDirectory { S3 = new() { Bucket = "logs", Prefix = "x" } }, "spec.logFileDirectory.s3", "needs spec.s3connection");
        yield return Bad("an invalid claim", s => s.Spec.LogFileDirectory.PersistentVolumeClaim!.ClaimName = "x_y", "spec.logFileDirectory.persistentVolumeClaim.claimName", "DNS-1123");
        yield return Bad("the log directory in sparkConf", s => s.Spec.SparkConf = new Dictionary<string, string> { ["spark.history.fs.logDirectory"] = "file:///etc" }, "spec.sparkConf[spark.history.fs.logDirectory]", "use spec.logFileDirectory");
        yield return Bad("the port in sparkConf", s => s.Spec.SparkConf = new Dictionary<string, string> { ["spark.history.ui.port"] = "80" }, "spec.sparkConf[spark.history.ui.port]", "set by the operator");
        yield return Bad("the cleaner in sparkConf", s => s.Spec.SparkConf = new Dictionary<string, string> { ["spark.history.fs.cleaner.maxAge"] = "1d" }, "spec.sparkConf[spark.history.fs.cleaner.maxAge]", "spec.cleaner.maxAge");
        yield return Bad("a conf key with a space", s => s.Spec.SparkConf = new Dictionary<string, string> { ["spark.a b"] = "1" }, "spec.sparkConf[spark.a b]", "whitespace");
        yield return Bad("two replicas with the cleaner", s => { s.Spec.Replicas = 2; s.Spec.Cleaner = new HistoryCleaner { Enabled = true }; }, "spec.replicas", "two cleaners");
        yield return Bad("a maxAge without unit", s => s.Spec.Cleaner = new HistoryCleaner { MaxAge = "7" }, "spec.cleaner.maxAge", "Spark's notation");
        yield return Bad("a maxNumApps of 0", s => s.Spec.Cleaner = new HistoryCleaner { MaxNumApps = 0 }, "spec.cleaner.maxNumApps", "at least 1");
        yield return Bad("a name a Service cannot take", s => s.Metadata.Name = "1history", "metadata.name", "DNS-1035");
        yield return Bad("an invalid ingress host", s => s.Spec.Ingress = new HistoryIngress { Host = "History_Server" }, "spec.ingress.host", "host name");
        yield return Bad("a relative ingress path", s => s.Spec.Ingress = new HistoryIngress { Path = "history" }, "spec.ingress.path", "absolute URL path");
        yield return Bad("an invalid TLS Secret", s => s.Spec.Ingress = new HistoryIngress { Tls = new HistoryIngressTls { SecretName = "TLS" } }, "spec.ingress.tls.secretName", "must name a Secret");
        yield return Bad("a bad ingress annotation", s => s.Spec.Ingress = new HistoryIngress { Annotations = new Dictionary<string, string> { ["a b"] = "x" } }, "spec.ingress.annotations[a b]", "annotation key");
        yield return Bad("a private S3 CA", s =>
        {
            s.Spec.LogFileDirectory = new LogFileDirectory { S3 = new() { Bucket = "logs", Prefix = "x" } };
            s.Spec.S3connection = new S3Connection { Endpoint = "https://minio:9000", Tls = new S3Tls { CaSecret = new S3CaSecret { Name = "ca" } } };
        }, "spec.s3connection.tls.caSecret", "not supported");
    }

    [TestCaseSource(nameof(BadCases))]
    public void Bad_form_is_denied_at_its_path(Action<SparkHistoryServer> breakIt, string path, string message)
    {
        var server = TestServers.Minimal();
        breakIt(server);

        var result = new SparkHistoryServerAdmissionValidator().Validate(server, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None);

        Assert.That(result.Errors.Select(e => e.Path).ToList(), Is.EqualTo(new List<string> { path }), string.Join("\n", result.Errors));
        Assert.That(result.Errors[0].Message, Does.Contain(message));
    }

    [Test]
    public void A_full_server_is_allowed()
    {
        var server = TestServers.Minimal();
        server.Spec.Replicas = 1;
        server.Spec.Cleaner = new HistoryCleaner { Enabled = true, MaxAge = "12h", MaxNumApps = 100 };
        server.Spec.SparkConf = new Dictionary<string, string> { ["spark.history.retainedApplications"] = "50" };
        server.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "services" };
        server.Spec.Ingress = new HistoryIngress { Host = "history.example.com", Path = "/", IngressClassName = "nginx", Tls = new HistoryIngressTls { SecretName = "history-tls" } };

        Assert.That(new SparkHistoryServerAdmissionValidator().ValidateSpec(server), Is.Empty);
    }
}
