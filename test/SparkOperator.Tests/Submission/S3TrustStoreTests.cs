using SparkOperator.Entities;

#pragma warning disable CA1861 // expected lists read best inline

namespace SparkOperator.Tests.Submission;

public class S3TrustStoreTests
{
    private static SparkApplication WithCa(string? key = null)
    {
        var app = TestApps.Minimal();
        app.Spec.S3connection = new S3Connection
        {
            Endpoint = "https://minio:9000",
            Tls = new S3Tls { CaSecret = new S3CaSecret { Name = "minio-ca", Key = key } },
        };
        return app;
    }

    [TestCase("driver")]
    [TestCase("executor")]
    public void Ca_secret_becomes_a_truststore_built_by_init_containers(string role)
    {
        var pod = TestApps.Template(TestApps.Build(WithCa("root.pem")), role);
        var secret = pod.Spec.Volumes.Single(v => v.Secret is not null).Secret;
        Assert.That(secret.SecretName, Is.EqualTo("minio-ca"));
        Assert.That(secret.Items.Single().Key, Is.EqualTo("root.pem"));

        var init = pod.Spec.InitContainers;
        Assert.That(init.Select(c => c.Name), Is.EqualTo(new[] { "truststore-defaults", "truststore-s3-ca" }));
        Assert.That(init[0].Command.Take(4), Is.EqualTo(new[] { "sh", "-c", SparkOperator.Submission.ImageLayout.CacertsImportScript, "keytool" }));
        Assert.That(string.Join(" ", init[0].Command), Does.Not.Contain("/opt/"), "the image's JDK is found at start (ImageLayoutTests)");
        Assert.That(init[1].Command.Take(2), Is.EqualTo(new[] { "keytool", "-importcert" }));
        Assert.That(init[1].Command[init[1].Command.IndexOf("-file") + 1], Is.EqualTo("/spark/s3-ca/ca.crt"));
        Assert.That(init[1].VolumeMounts.Single(m => m.MountPath == "/spark/s3-ca").ReadOnlyProperty, Is.True);

        var spark = pod.Spec.Containers[0];
        Assert.That(spark.VolumeMounts.Single(m => m.MountPath == "/spark/truststore").ReadOnlyProperty, Is.True);
        Assert.That(spark.VolumeMounts.Select(m => m.MountPath), Does.Not.Contain("/spark/s3-ca"));
    }

    [Test]
    public void Jvm_trusts_the_store_through_default_java_options_so_user_extra_options_still_apply()
    {
        var app = WithCa();
        app.Spec.SparkConf = new Dictionary<string, string> { ["spark.driver.extraJavaOptions"] = "-Dmine=1" };
        var confs = TestApps.Confs(TestApps.Build(app));
        foreach (var role in new[] { "driver", "executor" })
        {
            Assert.That(confs[$"spark.{role}.defaultJavaOptions"], Does.Contain("-Djavax.net.ssl.trustStore=/spark/truststore/truststore.p12"));
            Assert.That(confs[$"spark.{role}.defaultJavaOptions"], Does.Contain("-Djavax.net.ssl.trustStoreType=PKCS12"));
        }

        Assert.That(confs["spark.driver.extraJavaOptions"], Is.EqualTo("-Dmine=1"));
        Assert.That(TestApps.Template(TestApps.Build(WithCa()), "driver").Spec.Volumes.Single(v => v.Secret is not null).Secret.Items[0].Key, Is.EqualTo("ca.crt"));
    }

    [Test]
    public void Without_a_ca_secret_there_is_no_truststore()
    {
        var app = WithCa();
        app.Spec.S3connection!.Tls = new S3Tls { Verify = true };
        var built = TestApps.Build(app);
        Assert.That(TestApps.Confs(built).Keys, Has.None.EndsWith("defaultJavaOptions"));
        Assert.That(TestApps.DriverTemplate(built).Spec.InitContainers, Is.Null);
    }
}
