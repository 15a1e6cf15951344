using SparkOperator.Cli;
using SparkOperator.Entities;

namespace SparkOperator.Tests.Submission;

/// <summary>Secret values never reach the built objects: only references to the Secret do.</summary>
public class SecretSafetyTests
{
    [Test]
    public void Rendering_a_manifest_with_its_secret_leaks_none_of_its_values()
    {
        const string manifest = """
            apiVersion: v1
            kind: Secret
            metadata: {name: s3-credentials}
            stringData: {accessKey: AKIA-SENTINEL-ACCESS, secretKey: SENTINEL-SECRET-VALUE}
            ---
            apiVersion: sparkoperator.dev/v1alpha1
            kind: SparkApplication
            metadata: {name: private, namespace: data}
            spec:
              sparkImage: apache/spark:4.1.1
              mainApplicationFile: s3a://bucket/app.jar
              mainClass: org.example.App
              s3connection:
                endpoint: https://minio:9000
                credentialsSecret: {name: s3-credentials}
            """;
        var rendered = RenderCommand.Render(manifest, 1);
        Assert.That(rendered, Does.Not.Contain("SENTINEL"));
        Assert.That(rendered, Does.Contain("secretKeyRef"));
    }

    [Test]
    public void No_credential_conf_is_ever_set_by_the_operator()
    {
        var app = TestApps.Minimal();
        app.Spec.S3connection = new S3Connection { Endpoint = "https://s3", CredentialsSecret = new S3CredentialsSecret { Name = "s3" } };
        var built = TestApps.Build(app);
        Assert.That(TestApps.Confs(built).Keys, Has.None.Contains("access.key").And.None.Contains("secret.key").And.None.Contains("session.token"));
        foreach (var template in new[] { TestApps.DriverTemplate(built), TestApps.ExecutorTemplate(built) })
        {
            Assert.That(template.Spec.Containers[0].Env.Where(e => e.Name.StartsWith("AWS_")).Select(e => e.ValueFrom?.SecretKeyRef?.Name), Has.All.EqualTo("s3"));
            Assert.That(template.Spec.Containers[0].Env.Where(e => e.Name.StartsWith("AWS_")).Select(e => e.Value), Has.All.Null);
        }
    }
}
