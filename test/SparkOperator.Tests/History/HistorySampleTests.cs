using SparkOperator.Cli;
using SparkOperator.Framework.Crds;
using SparkOperator.Manifests;
using SparkOperator.Validation;

namespace SparkOperator.Tests.History;

/// <summary>The history sample passes its CRD's schema and the rules, and validate checks SparkHistoryServers as the API server would.</summary>
public class HistorySampleTests
{
    private static readonly string SamplePath = Path.Combine(Manifests.RepoRoot.Path, "samples", "spark-history-server.yaml");

    [Test]
    public void The_sample_s_history_server_passes_the_schema_and_reads_the_same_directory_as_its_application()
    {
        var documents = ManifestReader.ReadDocuments(File.ReadAllText(SamplePath));
        var server = documents.Single(d => d.IsSparkHistoryServer);
        var schema = InstallManifests.HistoryCrd(GenerateCommand.Documentation()).Spec.Versions.Single().Schema.OpenAPIV3Schema;

        Assert.That(SchemaValidator.Validate(schema, server.Json), Is.Empty);
        var app = documents.Single(d => d.IsSparkApplication).ToSparkApplication();
        Assert.That(
            SparkOperator.Spark.EventLogLocation.Uri(server.ToSparkHistoryServer().Spec.LogFileDirectory),
            Is.EqualTo(SparkOperator.Spark.EventLogLocation.Uri(app.Spec.LogFileDirectory!)));
    }

    [Test]
    public void Validate_admits_the_sample()
    {
        var report = ValidateCommand.Check("s.yaml", File.ReadAllText(SamplePath), new SparkApplicationAdmissionValidator());
        Assert.That(report.Errors, Is.Empty);
        Assert.That(report.Applications, Is.EqualTo(2));
    }

    [TestCase("spec:\n  image: apache/spark:4.1.1\n  logFileDirectory: {customLogDirectory: 'hdfs://nn/x'}\n  replicaz: 2\n", "spec.replicaz: unknown field")]
    [TestCase("spec:\n  image: apache/spark:4.1.1\n", "spec.logFileDirectory: ")]
    [TestCase("spec:\n  image: apache/spark:4.1.1\n  logFileDirectory: {customLogDirectory: 'hdfs://nn/x'}\n  sparkConf: {spark.history.ui.port: '80'}\n", "spec.sparkConf[spark.history.ui.port]: is set by the operator")]
    public void Validate_refuses_a_broken_history_server_naming_the_field(string spec, string error)
    {
        var text = "apiVersion: sparkoperator.dev/v1alpha1\nkind: SparkHistoryServer\nmetadata: {name: history}\n" + spec;
        var report = ValidateCommand.Check("h.yaml", text, new SparkApplicationAdmissionValidator());
        Assert.That(report.Errors, Has.Some.Contains(error), string.Join("\n", report.Errors));
    }
}
