using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>
/// The review's token reaches every list a tenant can make long, through FluentValidation's child
/// validators: a fired token stops validation there, and an unfired one changes nothing.
/// </summary>
public class CancellationTests
{
    private static readonly CancellationToken Fired = new(canceled: true);

    // The minimal valid spec plus one list, so that only that list's rule can observe the token.
    private static TestCaseData With(string name, Action<SparkApplicationSpec> add) => new TestCaseData(add).SetName("Cancellation reaches " + name);

    public static IEnumerable<TestCaseData> Lists()
    {
        yield return With("deps.requirements", s => s.Deps = new Dependencies { Requirements = ["tabulate"] });
        yield return With("deps.packages", s => s.Deps = new Dependencies { Packages = ["a:b:1"] });
        yield return With("deps.excludePackages", s => s.Deps = new Dependencies { ExcludePackages = ["a:b"] });
        yield return With("deps.repositories", s => s.Deps = new Dependencies { Repositories = ["https://repo.example.com"] });
        yield return With("args", s => s.Args = ["1"]);
        yield return With("sparkConf", s => s.SparkConf = new Dictionary<string, string> { ["spark.x"] = "1" });
        yield return With("sparkImagePullSecrets", s => s.SparkImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }]);
        yield return With("env", s => s.Env = [new V1EnvVar { Name = "A", Value = "1" }]);
        yield return With("volumes", s => s.Volumes = [new V1Volume { Name = "scratch", EmptyDir = new() }]);
        yield return With("a role's volumeMounts", s => s.Driver = new DriverSpec { VolumeMounts = [new V1VolumeMount { Name = "nope", MountPath = "/x" }] });
        yield return With("a role's labels", s => s.Driver = new DriverSpec { Labels = new Dictionary<string, string> { ["team"] = "x" } });
        yield return With("a role's annotations", s => s.Executor = new ExecutorSpec { Instances = 1, Annotations = new Dictionary<string, string> { ["team"] = "x" } });
        yield return With("a role's nodeSelector", s => s.Job = new RoleSpec { NodeSelector = new Dictionary<string, string> { ["zone"] = "a" } });
        yield return With("a role's resources", s => s.Job = new RoleSpec { Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } } });
    }

    [TestCaseSource(nameof(Lists))]
    public void Fired_token_stops_validation_in_the_list(Action<SparkApplicationSpec> add)
    {
        var application = new SparkApplication
        {
            Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "default" },
            Spec = new SparkApplicationSpec { SparkImage = "apache/spark:4.1.1", MainApplicationFile = "local:///opt/app.py" },
        };
        add(application.Spec);
        var validator = new SparkApplicationValidator();

        Assert.Throws<OperationCanceledException>(() => validator.Validate(application, Fired));
        Assert.DoesNotThrow(() => validator.Validate(application, CancellationToken.None));
    }

    [Test]
    public void Admission_validator_stops_on_a_fired_token()
    {
        var validator = new SparkApplicationAdmissionValidator();

        Assert.Throws<OperationCanceledException>(() => validator.Validate(ValidApplication.Create(), null, AdmissionOperation.Create, dryRun: true, Fired));
    }
}
