using k8s;
using SparkOperator.Cli;
using SparkOperator.Manifests;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

/// <summary>The seed example (samples/ny-tlc-report.yaml) submits as its author meant.</summary>
public class SeedSampleTests
{
    private static DesiredResources Seed()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "samples", "ny-tlc-report.yaml");
        var app = ManifestReader.ReadSparkApplications(File.ReadAllText(path)).Single();
        app.Metadata.NamespaceProperty = RenderCommand.DefaultNamespace;
        app.Metadata.Uid = RenderCommand.PlaceholderUid;
        return SubmissionBuilder.Build(app, 1);
    }

    [Test]
    public void Argv_carries_class_classpaths_artifact_and_the_unquoted_input_as_one_item()
    {
        var argv = TestApps.Argv(Seed());
        Assert.That(argv, Does.Contain("--class"));
        Assert.That(argv[argv.IndexOf("--class") + 1], Is.EqualTo("org.example.App"));
        Assert.That(argv, Does.Contain("spark.driver.extraClassPath=/dependencies/jars/hadoop-aws-3.2.0.jar:/dependencies/jars/aws-java-sdk-bundle-1.11.375.jar"));
        Assert.That(argv, Does.Contain("spark.executor.extraClassPath=/dependencies/jars/hadoop-aws-3.2.0.jar:/dependencies/jars/aws-java-sdk-bundle-1.11.375.jar"));
        Assert.That(argv[^2], Is.EqualTo("s3a://stackable-spark-k8s-jars/jobs/ny-tlc-report-1.0-SNAPSHOT.jar"));
        Assert.That(argv[^1], Is.EqualTo("s3a://nyc-tlc/trip data/yellow_tripdata_2021-07.csv"));
    }

    [TestCase("driver")]
    [TestCase("executor")]
    public void Pod_templates_mount_job_deps_at_dependencies(string role)
    {
        var pod = TestApps.Template(Seed(), role);
        Assert.That(pod.Spec.Volumes.Single(v => v.Name == "job-deps").PersistentVolumeClaim.ClaimName, Is.EqualTo("pvc-ksv"));
        Assert.That(pod.Spec.Containers.Single().VolumeMounts.Single(m => m.Name == "job-deps").MountPath, Is.EqualTo("/dependencies"));
    }

    [Test]
    public void Driver_sizes_come_from_the_spec()
    {
        var confs = TestApps.Confs(Seed());
        Assert.That(confs["spark.driver.cores"], Is.EqualTo("1"));
        Assert.That(confs["spark.kubernetes.driver.limit.cores"], Is.EqualTo("1200m"));
        Assert.That(confs["spark.driver.memory"], Is.EqualTo("512m"));
        Assert.That(confs["spark.executor.instances"], Is.EqualTo("3"));
        Assert.That(KubernetesYaml.Serialize(Seed().SubmitJob), Does.Not.Contain("'s3a://"));
    }
}
