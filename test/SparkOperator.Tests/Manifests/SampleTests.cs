using System.Text.Json.Nodes;
using k8s.Models;
using SparkOperator.Cli;
using SparkOperator.Entities;
using SparkOperator.Framework.Crds;
using SparkOperator.Manifests;

namespace SparkOperator.Tests.Manifests;

/// <summary>Every SparkApplication in samples/ loads into the entity and passes the generated schema.</summary>
public class SampleTests
{
    private static readonly V1JSONSchemaProps Schema =
        InstallManifests.Crd(GenerateCommand.Documentation())
            .Spec.Versions.Single().Schema.OpenAPIV3Schema;

    public static IEnumerable<TestCaseData> Applications() =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "samples"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => ManifestReader.ReadDocuments(File.ReadAllText(file))
                .Where(d => d.IsSparkApplication)
                .Select(d => new TestCaseData(Path.GetFileName(file), d.Index).SetName($"{Path.GetFileName(file)} document {d.Index}")));

    private static ManifestReader.Document Load(string file, int index) =>
        ManifestReader.ReadDocuments(File.ReadAllText(Path.Combine(RepoRoot.Path, "samples", file))).Single(d => d.Index == index);

    [Test]
    public void Every_sample_file_holds_a_SparkApplication_or_a_ScheduledSparkApplication()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "samples"), "*.yaml"))
        {
            var documents = ManifestReader.ReadDocuments(File.ReadAllText(file));
            Assert.That(documents.Count(d => d.IsSparkApplication || (string?)d.Json["kind"] == ScheduledSparkApplication.KindName), Is.GreaterThan(0), file);
        }
    }

    [TestCaseSource(nameof(Applications))]
    public void Sample_passes_the_schema(string file, int index) =>
        Assert.That(SchemaValidator.Validate(Schema, Load(file, index).Json), Is.Empty);

    [TestCaseSource(nameof(Applications))]
    public void Sample_loads_into_the_entity(string file, int index)
    {
        var document = Load(file, index);
        var app = document.ToSparkApplication();
        Assert.That(app.Metadata.Name, Is.EqualTo(document.Json["metadata"]!["name"]!.GetValue<string>()));
        Assert.That(app.Spec.SparkImage, Is.Not.Empty);
        Assert.That(app.Spec.MainApplicationFile, Is.Not.Empty);
        if (document.Json["spec"]!["mode"] is { } mode)
        {
            Assert.That(app.Spec.Mode.ToString(), Is.EqualTo(mode.GetValue<string>()).IgnoreCase);
        }
    }

    [Test]
    public void Seed_example_loads_field_by_field()
    {
        var app = ManifestReader.ReadSparkApplications(File.ReadAllText(Path.Combine(RepoRoot.Path, "samples", "ny-tlc-report.yaml"))).Single();
        Assert.That(app.Spec.Mode, Is.EqualTo(DeployMode.Cluster));
        Assert.That(app.Spec.Version, Is.EqualTo("1.0"));
        Assert.That(app.Spec.Driver?.CoreLimit?.Value, Is.EqualTo("1200m"));
        Assert.That(app.Spec.Driver?.Memory, Is.EqualTo("512m"));
        Assert.That(app.Spec.Executor?.Instances, Is.EqualTo(3));
        Assert.That(app.Spec.Volumes?.Single().PersistentVolumeClaim.ClaimName, Is.EqualTo("pvc-ksv"));
        Assert.That(app.Spec.Executor?.VolumeMounts?.Single().MountPath, Is.EqualTo("/dependencies"));
        Assert.That(app.Spec.SparkConf, Has.Count.EqualTo(3));
    }

    [TestCase("executor", "instances", "\"three\"", "spec.executor.instances: must be integer")]
    [TestCase("driver", "memory", "\"lots\"", "spec.driver.memory: 'lots' does not match")]
    [TestCase("driver", "memroy", "\"512m\"", "spec.driver.memroy: unknown field")]
    public void A_broken_seed_example_is_rejected(string role, string field, string json, string error)
    {
        var document = Load("ny-tlc-report.yaml", 3).Json;
        document["spec"]![role]![field] = JsonNode.Parse(json);
        Assert.That(SchemaValidator.Validate(Schema, document), Has.Some.StartsWith(error));
    }
}
