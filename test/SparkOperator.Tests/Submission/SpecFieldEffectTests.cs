using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Submission;

#pragma warning disable CA1861 // expected lists read best inline

namespace SparkOperator.Tests.Submission;

/// <summary>Each field of the SparkApplication spec, and what it changes in the built objects.</summary>
public class SpecFieldEffectTests
{
    private static readonly string[] PodRoles = ["driver", "executor"];

    [Test]
    public void SparkImage_is_the_image_of_submit_driver_and_executor()
    {
        var app = TestApps.Minimal();
        app.Spec.SparkImage = "registry.example/spark:custom";
        var built = TestApps.Build(app);
        Assert.That(TestApps.SubmitContainer(built).Image, Is.EqualTo("registry.example/spark:custom"));
        Assert.That(TestApps.DriverTemplate(built).Spec.Containers[0].Image, Is.EqualTo("registry.example/spark:custom"));
        Assert.That(TestApps.ExecutorTemplate(built).Spec.Containers[0].Image, Is.EqualTo("registry.example/spark:custom"));
        Assert.That(TestApps.Confs(built)["spark.kubernetes.container.image"], Is.EqualTo("registry.example/spark:custom"));
    }

    [Test]
    public void SparkImagePullPolicy_reaches_every_spark_container_and_conf()
    {
        var app = TestApps.Minimal();
        Assert.That(TestApps.Confs(TestApps.Build(app)).ContainsKey("spark.kubernetes.container.image.pullPolicy"), Is.False);
        Assert.That(TestApps.SubmitContainer(TestApps.Build(app)).ImagePullPolicy, Is.Null);

        app.Spec.SparkImagePullPolicy = ImagePullPolicy.Always;
        var built = TestApps.Build(app);
        Assert.That(TestApps.SubmitContainer(built).ImagePullPolicy, Is.EqualTo("Always"));
        Assert.That(TestApps.DriverTemplate(built).Spec.Containers[0].ImagePullPolicy, Is.EqualTo("Always"));
        Assert.That(TestApps.ExecutorTemplate(built).Spec.Containers[0].ImagePullPolicy, Is.EqualTo("Always"));
        Assert.That(TestApps.Confs(built)["spark.kubernetes.container.image.pullPolicy"], Is.EqualTo("Always"));
    }

    [Test]
    public void SparkImagePullSecrets_are_on_every_pod_once()
    {
        var app = TestApps.Minimal();
        app.Spec.SparkImagePullSecrets = [new() { Name = "reg" }, new() { Name = "reg" }, new() { Name = "other" }];
        var built = TestApps.Build(app);
        foreach (var role in new[] { "driver", "executor", "job" })
        {
            Assert.That(TestApps.PodSpec(built, role).ImagePullSecrets.Select(s => s.Name), Is.EqualTo(new[] { "reg", "other" }), role);
        }

        // Spark appends this conf's secrets to the template's, which would list each twice.
        Assert.That(TestApps.Confs(built).ContainsKey("spark.kubernetes.container.image.pullSecrets"), Is.False);
    }

    [Test]
    public void Image_adds_an_init_container_copying_jobs_into_spark_jobs()
    {
        var app = TestApps.Minimal();
        Assert.That(TestApps.DriverTemplate(TestApps.Build(app)).Spec.InitContainers, Is.Null);

        app.Spec.Image = "example/jobs:1";
        var built = TestApps.Build(app);
        foreach (var role in PodRoles)
        {
            var pod = TestApps.Template(built, role);
            var init = pod.Spec.InitContainers.Single(c => c.Name == "copy-jobs");
            Assert.That(init.Image, Is.EqualTo("example/jobs:1"));
            Assert.That(init.Command, Is.EqualTo(new[] { "cp", "-R", "/jobs/.", "/spark/jobs" }));
            Assert.That(init.VolumeMounts.Single().MountPath, Is.EqualTo("/spark/jobs"));
            Assert.That(pod.Spec.Containers[0].VolumeMounts.Single(m => m.Name == init.VolumeMounts[0].Name).MountPath, Is.EqualTo("/spark/jobs"));
            Assert.That(pod.Spec.Volumes.Single(v => v.Name == init.VolumeMounts[0].Name).EmptyDir, Is.Not.Null);
        }
    }

    [Test]
    public void Mode_cluster_and_unset_both_deploy_in_cluster_mode()
    {
        var app = TestApps.Minimal();
        app.Spec.Mode = null;
        var argv = TestApps.Argv(TestApps.Build(app));
        Assert.That(argv[argv.IndexOf("--deploy-mode") + 1], Is.EqualTo("cluster"));
    }

    [Test]
    public void MainApplicationFile_follows_the_confs_and_precedes_the_args()
    {
        var app = TestApps.Minimal();
        app.Spec.MainApplicationFile = "s3a://bucket/app.jar";
        app.Spec.Args = ["x"];
        var argv = TestApps.Argv(TestApps.Build(app));
        Assert.That(argv[^2], Is.EqualTo("s3a://bucket/app.jar"));
        Assert.That(argv[^3], Does.StartWith("spark."));
    }

    [Test]
    public void Version_restart_policy_ttl_and_start_timeout_do_not_change_the_objects()
    {
        // They steer the controller (retries, deletion, timeouts), not what one attempt submits.
        var plain = TestApps.AllYaml(TestApps.Build(TestApps.Minimal()));
        var app = TestApps.Minimal();
        app.Spec.Version = "1.0";
        app.Spec.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnFailureRetries = 3 };
        app.Spec.TimeToLiveSeconds = 60;
        app.Spec.DriverStartTimeoutSeconds = 30;
        Assert.That(TestApps.AllYaml(TestApps.Build(app)), Is.EqualTo(plain));
    }

    [Test]
    public void A_volume_goes_only_to_the_pods_whose_role_mounts_it()
    {
        var app = TestApps.Minimal();
        app.Spec.Volumes =
        [
            new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "pvc" } },
            new V1Volume { Name = "conf", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm" } },
            new V1Volume { Name = "unused", EmptyDir = new V1EmptyDirVolumeSource() },
        ];
        app.Spec.Driver = new() { VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }, new V1VolumeMount { Name = "conf", MountPath = "/conf" }] };
        app.Spec.Executor = new() { VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }] };
        app.Spec.Job = new() { VolumeMounts = [new V1VolumeMount { Name = "conf", MountPath = "/conf" }] };
        var built = TestApps.Build(app);

        Assert.That(TestApps.PodSpec(built, "driver").Volumes.Select(v => v.Name), Is.SupersetOf(new[] { "data", "conf" }).And.Not.Contain("unused"));
        Assert.That(TestApps.PodSpec(built, "executor").Volumes.Select(v => v.Name), Does.Contain("data").And.Not.Contain("conf").And.Not.Contain("unused"));
        var jobVolumes = TestApps.PodSpec(built, "job").Volumes.Select(v => v.Name).ToList();
        Assert.That(jobVolumes, Does.Contain("conf").And.Not.Contain("data"));
        Assert.That(TestApps.SubmitContainer(built).VolumeMounts.Select(m => m.MountPath), Does.Contain("/conf"));
    }

    [Test]
    public void Local_dir_volumes_mounted_by_executors_only_stay_out_of_the_driver_template()
    {
        // Kubeflow's scratch-space example: Spark adds its own spark-local-dir-1 to a driver that
        // mounts none, so an unmounted one in the driver's template would be a duplicate volume.
        var app = TestApps.Minimal();
        app.Spec.Volumes =
        [
            new V1Volume { Name = "spark-local-dir-1", EmptyDir = new V1EmptyDirVolumeSource() },
            new V1Volume { Name = "spark-local-dir-2", EmptyDir = new V1EmptyDirVolumeSource() },
        ];
        app.Spec.Executor = new()
        {
            VolumeMounts =
            [
                new V1VolumeMount { Name = "spark-local-dir-1", MountPath = "/tmp/spark-local-dir-1" },
                new V1VolumeMount { Name = "spark-local-dir-2", MountPath = "/tmp/spark-local-dir-2" },
            ],
        };
        var built = TestApps.Build(app);

        Assert.That((TestApps.PodSpec(built, "driver").Volumes ?? []).Select(v => v.Name), Has.None.StartsWith("spark-local-dir-"));
        Assert.That(TestApps.PodSpec(built, "executor").Volumes.Select(v => v.Name), Is.SupersetOf(new[] { "spark-local-dir-1", "spark-local-dir-2" }));
        Assert.That(TestApps.MainContainer(built, "executor").VolumeMounts.Select(m => m.Name), Is.SupersetOf(new[] { "spark-local-dir-1", "spark-local-dir-2" }));
    }

    [Test]
    public void Env_and_envFrom_reach_every_container_with_role_env_after_and_winning()
    {
        var app = TestApps.Minimal();
        app.Spec.Env = [new() { Name = "TZ", Value = "UTC" }, new() { Name = "LEVEL", Value = "common" }];
        app.Spec.EnvFrom = [new() { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" } }];
        app.Spec.Driver = new() { Env = [new() { Name = "LEVEL", Value = "driver" }] };
        var built = TestApps.Build(app);
        foreach (var role in new[] { "driver", "executor", "job" })
        {
            var container = TestApps.MainContainer(built, role);
            Assert.That(container.Env.Single(e => e.Name == "TZ").Value, Is.EqualTo("UTC"), role);
            Assert.That(container.Env.Count(e => e.Name == "LEVEL"), Is.EqualTo(1), role);
            Assert.That(container.EnvFrom.Single().ConfigMapRef.Name, Is.EqualTo("settings"), role);
        }

        Assert.That(TestApps.MainContainer(built, "driver").Env.Single(e => e.Name == "LEVEL").Value, Is.EqualTo("driver"));
        Assert.That(TestApps.MainContainer(built, "executor").Env.Single(e => e.Name == "LEVEL").Value, Is.EqualTo("common"));
    }

    [Test]
    public void SparkConf_is_passed_as_conf_items()
    {
        var app = TestApps.Minimal();
        app.Spec.SparkConf = new Dictionary<string, string> { ["spark.sql.shuffle.partitions"] = "10" };
        Assert.That(TestApps.Confs(TestApps.Build(app))["spark.sql.shuffle.partitions"], Is.EqualTo("10"));
    }

    [Test]
    public void Args_follow_the_main_application_file()
    {
        var app = TestApps.Minimal();
        app.Spec.Args = ["1000", "two words"];
        Assert.That(TestApps.Argv(TestApps.Build(app)).TakeLast(3), Is.EqualTo(new[] { app.Spec.MainApplicationFile, "1000", "two words" }));
    }

    [Test]
    public void Requirements_are_pip_installed_as_separate_argv_items_onto_pythonpath()
    {
        var app = TestApps.Minimal();
        app.Spec.Deps = new Dependencies { Requirements = ["tabulate==0.8.9", "-r /etc/passwd", "x; rm -rf /"] };
        var built = TestApps.Build(app);
        foreach (var role in PodRoles)
        {
            var pod = TestApps.Template(built, role);
            var pip = pod.Spec.InitContainers.Single(c => c.Name == "pip-install");
            Assert.That(pip.Image, Is.EqualTo(app.Spec.SparkImage));
            Assert.That(pip.Command.Take(4), Is.EqualTo(new[] { "python3", "-m", "pip", "install" }));
            var dashDash = pip.Command.IndexOf("--");
            Assert.That(pip.Command.Skip(dashDash + 1), Is.EqualTo(new[] { "tabulate==0.8.9", "-r /etc/passwd", "x; rm -rf /" }));
            Assert.That(pip.Command[pip.Command.IndexOf("--target") + 1], Is.EqualTo("/spark/python-deps"));
            Assert.That(pip.Command, Does.Contain("--no-cache-dir"));
            var spark = pod.Spec.Containers[0];
            Assert.That(spark.Env.Single(e => e.Name == "PYTHONPATH").Value, Is.EqualTo("/spark/python-deps"));
            Assert.That(spark.VolumeMounts.Single(m => m.MountPath == "/spark/python-deps").Name, Is.EqualTo(pip.VolumeMounts.Single().Name));
        }

        Assert.That(TestApps.SubmitContainer(built).Env.Select(e => e.Name), Is.EqualTo(new[] { "SPARK_SUBMIT_OPTS" }), "spark-submit needs no PYTHONPATH");
    }

    [Test]
    public void Packages_repositories_and_excludes_are_options_with_a_writable_ivy_home()
    {
        var app = TestApps.Minimal();
        app.Spec.Deps = new Dependencies
        {
            Packages = ["g:a:1", "g:b:2"],
            Repositories = ["https://repo.example/maven"],
            ExcludePackages = ["g:c"],
        };
        var built = TestApps.Build(app);
        var argv = TestApps.Argv(built);
        Assert.That(argv[argv.IndexOf("--packages") + 1], Is.EqualTo("g:a:1,g:b:2"));
        Assert.That(argv[argv.IndexOf("--repositories") + 1], Is.EqualTo("https://repo.example/maven"));
        Assert.That(argv[argv.IndexOf("--exclude-packages") + 1], Is.EqualTo("g:c"));
        Assert.That(TestApps.Confs(built)["spark.jars.ivy"], Is.EqualTo("/spark/ivy"));
        Assert.That(TestApps.SubmitContainer(built).VolumeMounts.Single(m => m.MountPath == "/spark/ivy").ReadOnlyProperty, Is.Not.True);
        Assert.That(TestApps.PodSpec(built, "job").Volumes.Single(v => v.Name == "spark-ivy").EmptyDir, Is.Not.Null);
        Assert.That(TestApps.DriverTemplate(built).Spec.Containers[0].VolumeMounts.Select(m => m.MountPath), Does.Contain("/spark/ivy"), "the driver resolves again");
        Assert.That(TestApps.ExecutorTemplate(built).Spec.Volumes, Is.Null);
    }

    [Test]
    public void Without_dependencies_there_are_no_dependency_options()
    {
        var argv = TestApps.Argv(TestApps.Build(TestApps.Minimal()));
        Assert.That(argv, Has.None.EqualTo("--packages").And.None.EqualTo("--repositories").And.None.EqualTo("--exclude-packages"));
        Assert.That(argv, Has.None.StartsWith("spark.jars.ivy="));
    }

    [Test]
    public void S3_endpoint_region_and_path_style_become_s3a_confs()
    {
        var app = TestApps.Minimal();
        app.Spec.S3connection = new S3Connection { Endpoint = "http://minio:9000", Region = "eu-1", PathStyleAccess = true };
        var confs = TestApps.Confs(TestApps.Build(app));
        Assert.That(confs["spark.hadoop.fs.s3a.endpoint"], Is.EqualTo("http://minio:9000"));
        Assert.That(confs["spark.hadoop.fs.s3a.connection.ssl.enabled"], Is.EqualTo("false"));
        Assert.That(confs["spark.hadoop.fs.s3a.endpoint.region"], Is.EqualTo("eu-1"));
        Assert.That(confs["spark.hadoop.fs.s3a.path.style.access"], Is.EqualTo("true"));

        app.Spec.S3connection = new S3Connection { Endpoint = "https://s3.example", PathStyleAccess = false };
        confs = TestApps.Confs(TestApps.Build(app));
        Assert.That(confs["spark.hadoop.fs.s3a.connection.ssl.enabled"], Is.EqualTo("true"));
        Assert.That(confs["spark.hadoop.fs.s3a.path.style.access"], Is.EqualTo("false"));
        Assert.That(confs.ContainsKey("spark.hadoop.fs.s3a.endpoint.region"), Is.False);
    }

    [Test]
    public void S3_without_a_secret_is_anonymous_and_with_one_reads_keys_from_env()
    {
        var app = TestApps.Minimal();
        app.Spec.S3connection = new S3Connection { Endpoint = "https://s3.example" };
        var anonymous = TestApps.Build(app);
        Assert.That(TestApps.Confs(anonymous)["spark.hadoop.fs.s3a.aws.credentials.provider"], Is.EqualTo("org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider"));
        Assert.That(TestApps.SubmitContainer(anonymous).Env.Select(e => e.Name), Is.EqualTo(new[] { "SPARK_SUBMIT_OPTS" }));

        app.Spec.S3connection.CredentialsSecret = new S3CredentialsSecret { Name = "s3", AccessKeyKey = "id", SecretKeyKey = "key" };
        var built = TestApps.Build(app);
        Assert.That(TestApps.Confs(built)["spark.hadoop.fs.s3a.aws.credentials.provider"], Is.EqualTo("com.amazonaws.auth.EnvironmentVariableCredentialsProvider"));
        foreach (var role in new[] { "driver", "executor", "job" })
        {
            var env = TestApps.MainContainer(built, role).Env;
            var access = env.Single(e => e.Name == "AWS_ACCESS_KEY_ID").ValueFrom.SecretKeyRef;
            var secret = env.Single(e => e.Name == "AWS_SECRET_ACCESS_KEY").ValueFrom.SecretKeyRef;
            Assert.That((access.Name, access.Key), Is.EqualTo(("s3", "id")), role);
            Assert.That((secret.Name, secret.Key), Is.EqualTo(("s3", "key")), role);
            Assert.That(env.Where(e => e.Name.StartsWith("AWS_")).Select(e => e.Value), Has.All.Null, role);
        }
    }

    [Test]
    public void S3_secret_keys_default_to_accessKey_and_secretKey_and_pip_never_sees_them()
    {
        var app = TestApps.Minimal();
        app.Spec.S3connection = new S3Connection { CredentialsSecret = new S3CredentialsSecret { Name = "s3" } };
        app.Spec.Deps = new Dependencies { Requirements = ["x"] };
        var built = TestApps.Build(app);
        var env = TestApps.MainContainer(built, "driver").Env;
        Assert.That(env.Single(e => e.Name == "AWS_ACCESS_KEY_ID").ValueFrom.SecretKeyRef.Key, Is.EqualTo("accessKey"));
        Assert.That(env.Single(e => e.Name == "AWS_SECRET_ACCESS_KEY").ValueFrom.SecretKeyRef.Key, Is.EqualTo("secretKey"));
        var pip = TestApps.DriverTemplate(built).Spec.InitContainers.Single(c => c.Name == "pip-install");
        Assert.That(pip.Env, Is.Null);
    }

    [Test]
    public void Executor_instances_and_gpu_become_confs()
    {
        var app = TestApps.Minimal();
        app.Spec.Executor = new ExecutorSpec { Instances = 4, Gpu = new GpuSpec { Name = "nvidia.com/gpu", Quantity = 2 } };
        var confs = TestApps.Confs(TestApps.Build(app));
        Assert.That(confs["spark.executor.instances"], Is.EqualTo("4"));
        Assert.That(confs["spark.executor.resource.gpu.amount"], Is.EqualTo("2"));
        Assert.That(confs["spark.executor.resource.gpu.vendor"], Is.EqualTo("nvidia.com"));
        Assert.That(confs["spark.executor.resource.gpu.discoveryScript"], Is.EqualTo("/spark/gpu-discovery/discover-gpus.sh"));

        app.Spec.Executor = new ExecutorSpec { Instances = 0 };
        confs = TestApps.Confs(TestApps.Build(app));
        Assert.That(confs["spark.executor.instances"], Is.EqualTo("0"));
        Assert.That(confs.Keys, Has.None.StartsWith("spark.executor.resource."));
    }

    [TestCase("driver")]
    [TestCase("executor")]
    [TestCase("job")]
    public void Placement_and_metadata_of_a_role_reach_its_pod(string role)
    {
        var app = TestApps.Minimal();
        var spec = TestApps.Role(app, role);
        spec.NodeSelector = new Dictionary<string, string> { ["pool"] = role };
        spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = role, Effect = "NoSchedule" }];
        spec.Affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = [role] }] }] } } };
        spec.Labels = new Dictionary<string, string> { ["team"] = role };
        spec.Annotations = new Dictionary<string, string> { ["note"] = role };
        spec.VolumeMounts = [new V1VolumeMount { Name = "v", MountPath = "/m-" + role }];
        app.Spec.Volumes = [new V1Volume { Name = "v", EmptyDir = new V1EmptyDirVolumeSource() }];
        var built = TestApps.Build(app);

        var pod = TestApps.PodSpec(built, role);
        var metadata = TestApps.PodMetadata(built, role);
        Assert.That(pod.NodeSelector["pool"], Is.EqualTo(role));
        Assert.That(pod.Tolerations.Single().Value, Is.EqualTo(role));
        Assert.That(pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Values, Is.EqualTo(new[] { role }));
        Assert.That(metadata.Labels["team"], Is.EqualTo(role));
        Assert.That(metadata.Annotations["note"], Is.EqualTo(role));
        Assert.That(TestApps.MainContainer(built, role).VolumeMounts.Select(m => m.MountPath), Does.Contain("/m-" + role));

        // ...and only its pod.
        foreach (var other in new[] { "driver", "executor", "job" }.Where(r => r != role))
        {
            Assert.That(TestApps.PodSpec(built, other).NodeSelector, Is.Null, other);
            Assert.That(TestApps.PodSpec(built, other).Tolerations, Is.Null, other);
            Assert.That(TestApps.PodMetadata(built, other).Annotations, Is.Null, other);
            Assert.That(TestApps.MainContainer(built, other).VolumeMounts?.Select(m => m.MountPath) ?? [], Does.Not.Contain("/m-" + role), other);
        }
    }

    [TestCase("driver")]
    [TestCase("executor")]
    public void Role_resources_are_the_template_container_resources(string role)
    {
        var app = TestApps.Minimal();
        TestApps.Role(app, role).Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["ephemeral-storage"] = new("2Gi") },
        };
        var container = TestApps.Template(TestApps.Build(app), role).Spec.Containers[0];
        Assert.That(container.Resources.Limits["ephemeral-storage"].ToString(), Is.EqualTo("2Gi"));
    }

    [Test]
    public void Templates_are_pods_spark_accepts_with_our_container_name()
    {
        var built = TestApps.Build(TestApps.Minimal());
        foreach (var key in built.PodTemplates.Data.Keys)
        {
            var pod = KubernetesYaml.Deserialize<V1Pod>(built.PodTemplates.Data[key]);
            Assert.That((pod.ApiVersion, pod.Kind), Is.EqualTo(("v1", "Pod")), key);
            Assert.That(pod.Spec.Containers.Select(c => c.Name), Is.EqualTo(new[] { "spark" }), key);
            Assert.That(pod.Spec.Containers[0].TerminationMessagePolicy, Is.EqualTo("FallbackToLogsOnError"), key);
        }
    }
}
