using k8s;
using System.Text.Json.Nodes;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Api;

/// <summary>The generated CRD as the API server serves it: established, documented, validating.</summary>
public class SparkApplicationApiTests : SparkApplicationTest
{
    [Test]
    public async Task The_generated_crd_is_established()
    {
        var crd = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("sparkapplications.sparkoperator.dev");

        Assert.That(crd.Status.Conditions.Single(c => c.Type == "Established").Status, Is.EqualTo("True"));
        Assert.That(crd.Spec.Names.ShortNames, Does.Contain("sparkapp"));
    }

    [Test]
    public async Task The_openapi_v3_document_carries_field_descriptions()
    {
        var json = await Kubectl.ExpectAsync(0, ["get", "--raw", "/openapi/v3/apis/sparkoperator.dev/v1alpha1"]);
        var schemas = JsonNode.Parse(json)!["components"]!["schemas"]!.AsObject();
        var app = schemas.Single(s => s.Key.EndsWith(".SparkApplication", StringComparison.Ordinal)).Value!;
        var spec = app["properties"]!["spec"]!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)spec["description"], Is.Not.Empty);
            foreach (var field in new[] { "sparkImage", "mainApplicationFile", "sparkConf", "driver", "executor", "restartPolicy", "timeToLiveSeconds" })
            {
                Assert.That((string?)spec["properties"]![field]?["description"], Is.Not.Null.And.Not.Empty, $"spec.{field} has no description");
            }

            Assert.That((string?)spec["properties"]!["driver"]!["properties"]!["tolerations"]?["description"], Is.Not.Null.And.Not.Empty, "Kubernetes fields keep their descriptions");
        });
    }

    [Test]
    public async Task Every_sample_passes_a_server_side_dry_run()
    {
        var samples = RepositoryFiles.Samples();
        Assert.That(samples, Is.Not.Empty);
        foreach (var sample in samples)
        {
            var output = await Kubectl.ExpectAsync(0, ["apply", "--dry-run=server", "-n", Namespace, "-f", sample]);
            Saw($"{Path.GetFileName(sample)}: {output}");
            Assert.That(output, Does.Contain("sparkapplication.sparkoperator.dev/"));
        }
    }

    [Test]
    public async Task A_wrongly_typed_field_is_rejected_by_the_schema()
    {
        // --validate=false: the API server's schema must reject it, not kubectl's client-side check.
        var (code, output) = await Kubectl.RunAsync(
            ["apply", "--validate=false", "-n", Namespace, "-f", RepositoryFiles.Path("test", "SparkOperator.Tests", "Validation", "broken", "wrong-type.yaml")]);

        Assert.That(code, Is.Not.Zero, output);
        Assert.That(output, Does.Contain("is invalid").And.Contain("spec.executor.instances"));
    }
}
