using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Policy;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>The operator's pod policy as admission applies it: what a tenant's spec may put into pods.</summary>
public class PodPolicyTests
{
    private static AdmissionResult Validate(SparkApplication app, PodPolicy? policy = null) =>
        new SparkApplicationAdmissionValidator(policy ?? PodPolicy.Default).Validate(app, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None);

    private static SparkApplication WithVolume(V1Volume volume)
    {
        var app = ValidApplication.Create();
        app.Spec.Volumes!.Add(volume);
        return app;
    }

    [Test]
    public void The_valid_application_passes_the_default_policy() =>
        Assert.That(Validate(ValidApplication.Create()).Errors, Is.Empty);

    [TestCase("/")]
    [TestCase("/var/run/containerd/containerd.sock")]
    [TestCase("/etc")]
    public void A_host_path_is_denied_by_default_with_the_setting_that_would_allow_it(string path)
    {
        var errors = Validate(WithVolume(new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = path } })).Errors;
        var error = errors.Single();
        Assert.That(error.Path, Is.EqualTo("spec.volumes[2].hostPath"));
        Assert.That(error.Message, Does.Contain("not allowed by the operator's pod policy").And.Contain(PodPolicy.AllowedVolumeTypesSetting));
    }

    [Test]
    public void An_allowed_host_path_type_is_still_held_to_its_prefixes()
    {
        var policy = PodPolicy.Default with { AllowedVolumeTypes = [.. PodPolicy.RestrictedVolumeTypes, "hostPath"], AllowedHostPathPrefixes = ["/data/spark"] };
        Assert.That(Validate(WithVolume(new V1Volume { Name = "host", HostPath = new() { Path = "/data/spark/scratch" } }), policy).Errors, Is.Empty);
        Assert.That(Validate(WithVolume(new V1Volume { Name = "host", HostPath = new() { Path = "/data/spark" } }), policy).Errors, Is.Empty);

        foreach (var path in new[] { "/data/sparkle", "/data", "/", "/data/spark/../../etc" })
        {
            var errors = Validate(WithVolume(new V1Volume { Name = "host", HostPath = new() { Path = path } }), policy).Errors;
            Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "spec.volumes[2].hostPath.path" }), path);
        }

        var outside = Validate(WithVolume(new V1Volume { Name = "host", HostPath = new() { Path = "/etc" } }), policy).Errors.Single();
        Assert.That(outside.Message, Does.Contain("/data/spark").And.Contain(PodPolicy.AllowedHostPathPrefixesSetting));
    }

    [Test]
    public void Host_path_prefixes_alone_do_not_allow_host_paths()
    {
        var policy = PodPolicy.Default with { AllowedHostPathPrefixes = ["/data"] };
        var errors = Validate(WithVolume(new V1Volume { Name = "host", HostPath = new() { Path = "/data/x" } }), policy).Errors;
        Assert.That(errors.Single().Path, Is.EqualTo("spec.volumes[2].hostPath"));
    }

    [TestCase("nfs")]
    [TestCase("iscsi")]
    [TestCase("rbd")]
    [TestCase("gitRepo")]
    public void Volume_types_outside_restricted_are_denied(string type)
    {
        var volume = new V1Volume { Name = "other" };
        switch (type)
        {
            case "nfs": volume.Nfs = new V1NFSVolumeSource { Server = "nfs.example.com", Path = "/" }; break;
            case "iscsi": volume.Iscsi = new V1ISCSIVolumeSource { TargetPortal = "10.0.0.1", Iqn = "iqn.x", Lun = 0 }; break;
            case "rbd": volume.Rbd = new V1RBDVolumeSource { Image = "i", Monitors = ["m"] }; break;
            default: volume.GitRepo = new V1GitRepoVolumeSource { Repository = "https://example.com/r.git" }; break;
        }

        Assert.That(Validate(WithVolume(volume)).Errors.Single().Path, Is.EqualTo($"spec.volumes[2].{type}"));
    }

    [Test]
    public void A_narrower_policy_denies_a_type_the_default_allows()
    {
        var policy = PodPolicy.Default with { AllowedVolumeTypes = ["configMap", "emptyDir"] };
        var errors = Validate(ValidApplication.Create(), policy).Errors;
        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "spec.volumes[0].persistentVolumeClaim" }));
    }

    [TestCase("spark.kubernetes.driver.volumes.hostPath.root.mount.path", "/host")]
    [TestCase("spark.kubernetes.executor.volumes.hostPath.root.options.path", "/")]
    [TestCase("spark.kubernetes.driver.secrets.db-password", "/secrets")]
    [TestCase("spark.kubernetes.executor.secretKeyRef.TOKEN", "admin-token:token")]
    [TestCase("spark.kubernetes.driver.pod.featureSteps", "org.example.Escalate")]
    public void Spark_confs_that_go_around_the_templates_are_denied_unless_allowed(string key, string value)
    {
        var app = ValidApplication.Create();
        app.Spec.SparkConf![key] = value;
        var error = Validate(app).Errors.Single();
        Assert.That(error.Path, Is.EqualTo($"spec.sparkConf[{key}]"));
        Assert.That(error.Message, Does.Contain("around the pod templates").And.Contain(PodPolicy.AllowedSparkConfSetting));

        var prefix = key[..(key.LastIndexOf('.') + 1)];
        Assert.That(Validate(app, PodPolicy.Default with { AllowedSparkConf = [prefix] }).Errors, Is.Empty, $"allowed by the prefix {prefix}");
    }

    [TestCase("spark.kubernetes.authenticate.driver.serviceAccountName")]
    [TestCase("spark.kubernetes.authenticate.submission.oauthToken")]
    [TestCase("spark.kubernetes.authenticate.driver.mounted.oauthTokenFile")]
    [TestCase("spark.kubernetes.driver.master")]
    [TestCase("spark.kubernetes.executor.podNamePrefix")]
    [TestCase("spark.kubernetes.driver.label.app.kubernetes.io/instance")]
    [TestCase("spark.kubernetes.executor.label.sparkoperator.dev/attempt")]
    [TestCase("spark.kubernetes.driver.label.spark-app-selector")]
    [TestCase("spark.jars.ivy")]
    public void Owned_confs_are_denied_and_no_policy_allows_them(string key)
    {
        var app = ValidApplication.Create();
        app.Spec.SparkConf![key] = "x";
        var everything = PodPolicy.Default with { AllowedSparkConf = ["spark."] };
        var error = Validate(app, everything).Errors.Single();
        Assert.That(error.Path, Is.EqualTo($"spec.sparkConf[{key}]"));
        Assert.That(error.Message, Does.Contain("set by the operator"));
    }

    [Test]
    public void A_label_conf_with_a_key_of_the_users_own_is_fine()
    {
        var app = ValidApplication.Create();
        app.Spec.SparkConf!["spark.kubernetes.driver.label.team"] = "analytics";
        Assert.That(Validate(app).Errors, Is.Empty);
    }

    [TestCase("driver", "app.kubernetes.io/managed-by")]
    [TestCase("executor", "spark-app-selector")]
    [TestCase("job", "sparkoperator.dev/attempt")]
    public void Pod_labels_the_operator_tracks_pods_by_are_denied(string role, string key)
    {
        var app = ValidApplication.Create();
        var spec = role switch { "driver" => app.Spec.Driver!, "executor" => app.Spec.Executor!, _ => app.Spec.Job! };
        spec.Labels = new Dictionary<string, string> { [key] = "x", ["team"] = "a" };
        var error = Validate(app).Errors.Single();
        Assert.That(error.Path, Is.EqualTo($"spec.{role}.labels[{key}]"));
    }

    [Test]
    public void A_volume_named_like_one_of_the_operators_is_denied()
    {
        var errors = Validate(WithVolume(new V1Volume { Name = "spark-ivy", EmptyDir = new() })).Errors;
        Assert.That(errors.Single().Path, Is.EqualTo("spec.volumes[2].name"));
        Assert.That(errors.Single().Message, Does.Contain("the operator adds itself"));
    }

    [Test]
    public void Env_the_operator_sets_for_this_spec_is_denied()
    {
        var app = ValidApplication.Create();
        app.Spec.S3connection = new S3Connection { CredentialsSecret = new S3CredentialsSecret { Name = "s3" } };
        app.Spec.Env = [new V1EnvVar { Name = "AWS_ACCESS_KEY_ID", Value = "stolen" }];
        app.Spec.Driver!.Env = [new V1EnvVar { Name = "PYTHONPATH", Value = "/evil" }];
        var errors = Validate(app).Errors;
        Assert.That(errors.Select(e => e.Path), Is.EquivalentTo(new[] { "spec.env[0].name", "spec.driver.env[0].name" }));

        // Without S3 credentials nor requirements the operator sets neither, so they are the user's.
        var plain = ValidApplication.Create();
        plain.Spec.Deps!.Requirements = null;
        plain.Spec.Env = [new V1EnvVar { Name = "AWS_ACCESS_KEY_ID", Value = "AKIA" }, new V1EnvVar { Name = "PYTHONPATH", Value = "/x" }];
        Assert.That(Validate(plain).Errors, Is.Empty);
    }

    [TestCase("container.apparmor.security.beta.kubernetes.io/spark")]
    [TestCase("seccomp.security.alpha.kubernetes.io/pod")]
    public void Annotations_that_set_security_profiles_are_denied_in_specs_and_confs(string key)
    {
        var app = ValidApplication.Create();
        app.Spec.Executor!.Annotations = new Dictionary<string, string> { [key] = "unconfined", ["team"] = "a" };
        app.Spec.SparkConf![$"spark.kubernetes.driver.annotation.{key}"] = "unconfined";
        var paths = Validate(app).Errors.Select(e => e.Path);
        Assert.That(paths, Is.EquivalentTo(new[] { $"spec.executor.annotations[{key}]", $"spec.sparkConf[spark.kubernetes.driver.annotation.{key}]" }));
    }
}
