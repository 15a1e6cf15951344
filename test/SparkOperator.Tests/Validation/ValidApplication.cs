using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>A SparkApplication that passes every rule and uses most fields, for tests to break one thing at a time.</summary>
internal static class ValidApplication
{
    public static SparkApplication Create() => new()
    {
        Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "default" },
        Spec = new SparkApplicationSpec
        {
            SparkImage = "apache/spark:4.1.1",
            SparkImagePullPolicy = ImagePullPolicy.IfNotPresent,
            SparkImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }],
            Mode = DeployMode.Cluster,
            MainApplicationFile = "local:///opt/spark/examples/jars/spark-examples.jar",
            MainClass = "org.apache.spark.examples.SparkPi",
            Args = ["1000"],
            SparkConf = new Dictionary<string, string> { ["spark.sql.shuffle.partitions"] = "10" },
            Deps = new Dependencies
            {
                Packages = ["org.apache.iceberg:iceberg-spark-runtime-4.0_2.13:1.10.0"],
                ExcludePackages = ["org.slf4j:slf4j-api"],
                Repositories = ["https://repo1.maven.org/maven2"],
                Requirements = ["tabulate==0.8.9"],
            },
            Volumes =
            [
                new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data-claim" } },
                new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() },
            ],
            Driver = new DriverSpec
            {
                Cores = 1,
                CoreLimit = "1200m",
                Memory = "512m",
                VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }],
            },
            Executor = new ExecutorSpec
            {
                Cores = 2,
                Instances = 2,
                Memory = "2g",
                MemoryOverhead = "384m",
                VolumeMounts =
                [
                    new V1VolumeMount { Name = "data", MountPath = "/data", ReadOnlyProperty = true },
                    new V1VolumeMount { Name = "scratch", MountPath = "/scratch", SubPath = "tmp" },
                ],
            },
            Job = new RoleSpec
            {
                Resources = new V1ResourceRequirements
                {
                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("256Mi") },
                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                },
            },
        },
    };

    public static AdmissionResult Validate(SparkApplication application, SparkApplication? old = null) =>
        new SparkApplicationAdmissionValidator().Validate(application, old, old is null ? AdmissionOperation.Create : AdmissionOperation.Update, dryRun: false, CancellationToken.None);
}
