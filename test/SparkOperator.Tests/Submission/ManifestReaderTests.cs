using SparkOperator.Entities;
using SparkOperator.Manifests;

#pragma warning disable CA1861 // expected lists read best inline

namespace SparkOperator.Tests.Submission;

public class ManifestReaderTests
{
    [Test]
    public void Reads_only_spark_applications_of_our_group_in_order()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: other}
            ---
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: foreign}
            ---
            apiVersion: sparkoperator.dev/v1alpha1
            kind: SparkApplication
            metadata: {name: first}
            spec: {sparkImage: img, mainApplicationFile: a.jar, mode: cluster}
            ---
            ---
            apiVersion: sparkoperator.dev/v1alpha1
            kind: SparkApplication
            metadata: {name: second, namespace: ns}
            spec: {sparkImage: img, mainApplicationFile: b.py}
            """;
        var apps = ManifestReader.ReadSparkApplications(yaml);
        Assert.That(apps.Select(a => a.Metadata.Name), Is.EqualTo(new[] { "first", "second" }));
        Assert.That(apps[0].Spec.Mode, Is.EqualTo(DeployMode.Cluster));
        Assert.That(apps[1].Metadata.NamespaceProperty, Is.EqualTo("ns"));
    }

    [Test]
    public void Scalars_are_typed_like_yaml_1_2_and_quoted_ones_stay_strings()
    {
        const string yaml = """
            apiVersion: sparkoperator.dev/v1alpha1
            kind: SparkApplication
            metadata: {name: typed}
            spec:
              version: "1.0"
              sparkImage: img
              mainApplicationFile: a.jar
              args: ["100", '007', "true", "null"]
              sparkConf: {spark.a: "true", spark.b: "10"}
              driver: {cores: 2, coreLimit: 1200m, memory: 512m}
              executor: {instances: 3, coreLimit: 2}
              s3connection: {pathStyleAccess: true}
              timeToLiveSeconds: ~
            """;
        var app = ManifestReader.ReadSparkApplications(yaml).Single();
        Assert.That(app.Spec.Version, Is.EqualTo("1.0"));
        Assert.That(app.Spec.Args, Is.EqualTo(new[] { "100", "007", "true", "null" }));
        Assert.That(app.Spec.SparkConf!["spark.a"], Is.EqualTo("true"));
        Assert.That(app.Spec.Driver!.Cores, Is.EqualTo(2));
        Assert.That(app.Spec.Driver.CoreLimit!.Value, Is.EqualTo("1200m"));
        Assert.That(app.Spec.Executor!.Instances, Is.EqualTo(3));
        Assert.That(app.Spec.Executor.CoreLimit!.Value, Is.EqualTo("2"));
        Assert.That(app.Spec.S3connection!.PathStyleAccess, Is.True);
        Assert.That(app.Spec.TimeToLiveSeconds, Is.Null);
    }
}
