using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Spark;
using SparkOperator.Submission;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Submission;

/// <summary>
/// One source of truth: every name the builders put into a pod or a submission is one admission
/// reserves. Each test builds an application that makes the builders use everything they own,
/// collects what they wrote, and asks admission to take each name from a user: it must refuse.
/// A builder that starts using a new name fails here until the name joins the owned lists.
/// </summary>
public class OwnedNamesTests
{
    private static SparkApplication Everything()
    {
        var app = TestApps.Minimal("pi", "team-a");
        app.Spec.Image = "registry.example.com/jobs:1.0";
        app.Spec.Deps = new Dependencies { Packages = ["org.example:lib:1.0"], Requirements = ["tabulate==0.8.9"] };
        app.Spec.S3connection = new S3Connection
        {
            Endpoint = "https://s3.example.com",
            CredentialsSecret = new S3CredentialsSecret { Name = "s3" },
            Tls = new S3Tls { CaSecret = new S3CaSecret { Name = "s3-ca" } },
        };
        app.Spec.Driver = new DriverSpec { Cores = 1, Memory = "1g", CoreLimit = "2" };
        app.Spec.Executor = new ExecutorSpec { Cores = 1, Instances = 1, Memory = "1g", MemoryOverhead = "256m", Gpu = new GpuSpec { Name = "nvidia.com/gpu", Quantity = 1 } };
        app.Spec.SparkImagePullPolicy = ImagePullPolicy.Always;
        return app;
    }

    private static IEnumerable<V1PodSpec> Pods(DesiredResources built) =>
        [TestApps.DriverTemplate(built).Spec, TestApps.ExecutorTemplate(built).Spec, built.SubmitJob.Spec.Template.Spec];

    private static IEnumerable<V1Container> Containers(DesiredResources built) =>
        Pods(built).SelectMany(p => (p.InitContainers ?? []).Concat(p.Containers));

    private static IReadOnlyList<AdmissionError> Errors(SparkApplication app) =>
        new SparkApplicationAdmissionValidator().Validate(app, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None).Errors;

    [Test]
    public void The_application_that_uses_everything_is_itself_admitted() =>
        Assert.That(Errors(Everything()), Is.Empty);

    [Test]
    public void Every_volume_the_builders_add_is_a_name_admission_refuses()
    {
        var names = Pods(TestApps.Build(Everything())).SelectMany(p => p.Volumes ?? []).Select(v => v.Name).Distinct().ToList();
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(5));
        foreach (var name in names)
        {
            var app = Everything();
            app.Spec.Volumes = [new V1Volume { Name = name, EmptyDir = new() }];
            Assert.That(Errors(app).Select(e => e.Path), Does.Contain("spec.volumes[0].name"), $"volume {name}");
        }
    }

    [Test]
    public void Every_path_the_builders_mount_is_a_path_admission_refuses()
    {
        var paths = Containers(TestApps.Build(Everything())).SelectMany(c => c.VolumeMounts ?? []).Select(m => m.MountPath).Distinct().ToList();
        Assert.That(paths, Has.Count.GreaterThanOrEqualTo(5));
        foreach (var path in paths)
        {
            foreach (var role in new[] { "driver", "executor", "job" })
            {
                var app = Everything();
                app.Spec.Volumes = [new V1Volume { Name = "user", EmptyDir = new() }];
                TestApps.Role(app, role).VolumeMounts = [new V1VolumeMount { Name = "user", MountPath = path }];
                Assert.That(Errors(app).Select(e => e.Path), Does.Contain($"spec.{role}.volumeMounts[0].mountPath"), $"{role} mount on {path}");
            }
        }
    }

    [Test]
    public void Every_env_variable_the_builders_set_is_one_admission_refuses_or_lets_the_user_replace_on_purpose()
    {
        var names = Containers(TestApps.Build(Everything())).SelectMany(c => c.Env ?? []).Select(e => e.Name).Distinct().ToList();
        Assert.That(names, Does.Contain(OwnedEnv.PythonPath).And.Contain(OwnedEnv.AccessKey));
        foreach (var name in names.Where(n => n != OwnedEnv.SubmitOptions))
        {
            var app = Everything();
            app.Spec.Env = [new V1EnvVar { Name = name, Value = "x" }];
            Assert.That(Errors(app).Select(e => e.Path), Does.Contain("spec.env[0].name"), $"env {name}");
        }
    }

    [Test]
    public void Every_label_the_builders_put_on_pods_is_one_admission_refuses()
    {
        var built = TestApps.Build(Everything());
        var keys = new[] { TestApps.DriverTemplate(built).Metadata, TestApps.ExecutorTemplate(built).Metadata, built.SubmitJob.Spec.Template.Metadata }
            .SelectMany(m => m.Labels.Keys).Distinct().ToList();
        foreach (var key in keys)
        {
            var app = Everything();
            app.Spec.Driver!.Labels = new Dictionary<string, string> { [key] = "x" };
            app.Spec.SparkConf = new Dictionary<string, string> { [$"spark.kubernetes.executor.label.{key}"] = "x" };
            var paths = Errors(app).Select(e => e.Path).ToList();
            Assert.That(paths, Does.Contain($"spec.driver.labels[{key}]"), key);
            Assert.That(paths, Does.Contain($"spec.sparkConf[spark.kubernetes.executor.label.{key}]"), key);
        }
    }

    [Test]
    public void Every_conf_the_builders_write_is_owned_and_refused_or_derived_from_the_spec()
    {
        var confs = TestApps.Confs(TestApps.Build(Everything()));
        Assert.That(confs.Keys.Where(k => OperatorOwnedSparkConf.IsOwned(k, out _)).ToList(), Has.Count.GreaterThanOrEqualTo(10));
        foreach (var key in confs.Keys)
        {
            var owned = OperatorOwnedSparkConf.IsOwned(key, out _);
            Assert.That(owned || OperatorOwnedSparkConf.IsFromSpec(key), Is.True, $"{key} is neither owned nor listed as derived from the spec");
            if (owned)
            {
                var app = Everything();
                app.Spec.SparkConf = new Dictionary<string, string> { [key] = "x" };
                Assert.That(Errors(app).Select(e => e.Path), Does.Contain($"spec.sparkConf[{key}]"), key);
            }
        }
    }

    [Test]
    public void Owned_confs_come_last_so_they_win()
    {
        var argv = TestApps.Argv(TestApps.Build(Everything()));
        var keys = argv.Where((a, i) => i > 0 && argv[i - 1] == "--conf").Select(kv => kv[..kv.IndexOf('=')]).ToList();
        var firstOwned = keys.FindIndex(k => OperatorOwnedSparkConf.IsOwned(k, out _));
        Assert.That(keys.Skip(firstOwned).All(k => OperatorOwnedSparkConf.IsOwned(k, out _)), Is.True, string.Join('\n', keys));
    }
}
