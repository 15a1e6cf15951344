using k8s.Models;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

public class MetadataAndNamesTests
{
    [Test]
    public void Every_object_is_controlled_by_the_application()
    {
        var built = TestApps.Build(TestApps.Minimal("pi", "ns1"));
        foreach (var item in built.InApplyOrder())
        {
            var owner = item.Metadata.OwnerReferences.Single();
            Assert.Multiple(() =>
            {
                Assert.That(item.Metadata.NamespaceProperty, Is.EqualTo("ns1"), item.Kind);
                Assert.That(owner.ApiVersion, Is.EqualTo("sparkoperator.dev/v1alpha1"));
                Assert.That(owner.Kind, Is.EqualTo("SparkApplication"));
                Assert.That(owner.Name, Is.EqualTo("pi"));
                Assert.That(owner.Uid, Is.EqualTo(TestApps.Uid));
                Assert.That(owner.Controller, Is.True);
                Assert.That(owner.BlockOwnerDeletion, Is.True);
            });
        }
    }

    [Test]
    public void Driver_template_is_owned_by_the_application_and_executor_template_is_not()
    {
        var built = TestApps.Build(TestApps.Minimal("pi"));
        var owner = TestApps.DriverTemplate(built).Metadata.OwnerReferences.Single();
        Assert.That((owner.Kind, owner.Name, owner.Uid, owner.Controller), Is.EqualTo(("SparkApplication", "pi", TestApps.Uid, (bool?)true)));
        Assert.That(owner.BlockOwnerDeletion, Is.Null, "would need update on sparkapplications/finalizers");
        Assert.That(TestApps.ExecutorTemplate(built).Metadata.OwnerReferences, Is.Null, "Spark makes the driver the executors' controller");
    }

    [Test]
    public void Every_object_carries_the_common_labels_and_its_component()
    {
        var built = TestApps.Build(TestApps.Minimal("pi"), attempt: 2);
        var expected = new Dictionary<string, string>
        {
            [SubmissionLabels.Name] = "spark",
            [SubmissionLabels.Instance] = "pi",
            [SubmissionLabels.ManagedBy] = "spark-operator",
        };
        foreach (var item in built.InApplyOrder())
        {
            Assert.That(item.Metadata.Labels, Is.SupersetOf(expected), item.Kind);
        }

        Assert.That(built.ServiceAccount!.Metadata.Labels[SubmissionLabels.Component], Is.EqualTo("rbac"));
        Assert.That(built.ServiceAccount!.Metadata.Labels.ContainsKey(SubmissionLabels.Attempt), Is.False, "shared by all attempts");
        Assert.That(built.PodTemplates.Metadata.Labels[SubmissionLabels.Component], Is.EqualTo("pod-templates"));
        Assert.That(built.PodTemplates.Metadata.Labels[SubmissionLabels.Attempt], Is.EqualTo("2"));
        Assert.That(built.SubmitJob.Metadata.Labels[SubmissionLabels.Component], Is.EqualTo("submit"));
        Assert.That(built.SubmitJob.Metadata.Labels[SubmissionLabels.Attempt], Is.EqualTo("2"));
    }

    [TestCase("driver")]
    [TestCase("executor")]
    [TestCase("job")]
    public void Pods_carry_labels_their_selector_matches(string role)
    {
        var built = TestApps.Build(TestApps.Minimal("pi"), attempt: 4);
        var selector = role switch
        {
            "driver" => built.DriverSelector,
            "executor" => built.ExecutorSelector,
            _ => built.SubmitPodSelector,
        };
        var labels = TestApps.PodMetadata(built, role).Labels;
        foreach (var term in selector.Split(','))
        {
            var (key, value) = (term.Split('=')[0], term.Split('=')[1]);
            Assert.That(labels[key], Is.EqualTo(value), term);
        }

        Assert.That(selector, Does.Contain("sparkoperator.dev/attempt=4"));
        Assert.That(selector, Does.Contain("app.kubernetes.io/managed-by=spark-operator"));
    }

    [Test]
    public void Role_labels_cannot_override_ours()
    {
        var app = TestApps.Minimal("pi");
        app.Spec.Driver = new() { Labels = new Dictionary<string, string> { [SubmissionLabels.Instance] = "evil", [SubmissionLabels.Attempt] = "99", ["team"] = "a" } };
        var labels = TestApps.DriverTemplate(TestApps.Build(app)).Metadata.Labels;
        Assert.That(labels[SubmissionLabels.Instance], Is.EqualTo("pi"));
        Assert.That(labels[SubmissionLabels.Attempt], Is.EqualTo("1"));
        Assert.That(labels["team"], Is.EqualTo("a"));
    }

    [Test]
    public void Names_are_deterministic_per_attempt()
    {
        var first = TestApps.Build(TestApps.Minimal("pi"), 1);
        var again = TestApps.Build(TestApps.Minimal("pi"), 1);
        var second = TestApps.Build(TestApps.Minimal("pi"), 2);
        Assert.That(again.SubmitJobName, Is.EqualTo(first.SubmitJobName));
        Assert.That(again.DriverPodName, Is.EqualTo(first.DriverPodName));
        Assert.That(first.SubmitJobName, Is.EqualTo("pi-submit-1"));
        Assert.That(first.DriverPodName, Is.EqualTo("pi-1-driver"));
        Assert.That(first.PodTemplates.Metadata.Name, Is.EqualTo("pi-pod-templates-1"));
        Assert.That(first.ServiceAccount!.Metadata.Name, Is.EqualTo("pi-spark"));
        Assert.That(second.SubmitJobName, Is.Not.EqualTo(first.SubmitJobName));
        Assert.That(second.DriverPodName, Is.Not.EqualTo(first.DriverPodName));
        Assert.That(second.PodTemplates.Metadata.Name, Is.Not.EqualTo(first.PodTemplates.Metadata.Name));
        Assert.That(second.ServiceAccount!.Metadata.Name, Is.EqualTo(first.ServiceAccount!.Metadata.Name));
        Assert.That(first.SubmitJob.Metadata.Name, Is.EqualTo(first.SubmitJobName));
    }

    [Test]
    public void Long_names_fit_63_characters_keep_their_suffix_and_stay_distinct()
    {
        var a = new string('a', 253);
        var b = new string('a', 252) + "b";
        var builtA = TestApps.Build(TestApps.Minimal(a), attempt: 12345);
        var builtB = TestApps.Build(TestApps.Minimal(b), attempt: 12345);
        string[] namesA = [builtA.SubmitJobName, builtA.DriverPodName, builtA.PodTemplates.Metadata.Name, builtA.ServiceAccount!.Metadata.Name, builtA.SubmitJob.Metadata.Labels[SubmissionLabels.Instance]];
        string[] namesB = [builtB.SubmitJobName, builtB.DriverPodName, builtB.PodTemplates.Metadata.Name, builtB.ServiceAccount!.Metadata.Name, builtB.SubmitJob.Metadata.Labels[SubmissionLabels.Instance]];
        Assert.That(namesA, Has.All.Length.LessThanOrEqualTo(63));
        Assert.That(namesA.Zip(namesB).Select(p => p.First == p.Second), Has.All.False);
        Assert.That(builtA.SubmitJobName, Does.EndWith("-submit-12345"));
        Assert.That(builtA.DriverPodName, Does.EndWith("-12345-driver"));
        Assert.That(TestApps.Build(TestApps.Minimal(a), attempt: 12345).DriverPodName, Is.EqualTo(builtA.DriverPodName));
        Assert.That(TestApps.Confs(builtA)["spark.kubernetes.executor.podNamePrefix"], Has.Length.LessThanOrEqualTo(47));
    }

    [TestCase("my.app-")]
    [TestCase("x-")]
    public void A_cut_name_never_ends_in_a_dash_or_dot_before_the_hash(string stem)
    {
        var name = new string('n', 60 - stem.Length) + stem + "tail";
        var fitted = ResourceNames.Fit(name, "-submit-1");
        Assert.That(fitted, Has.Length.LessThanOrEqualTo(63));
        Assert.That(fitted, Does.Match("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"));
        Assert.That(fitted, Does.Not.Contain("--").And.Not.Contain(".-"));
    }

    [Test]
    public void Executor_prefix_is_a_dns_label()
    {
        var built = TestApps.Build(TestApps.Minimal("my.dotted.app"));
        Assert.That(TestApps.Confs(built)["spark.kubernetes.executor.podNamePrefix"], Is.EqualTo("my-dotted-app-1"));
    }

    [Test]
    public void Short_names_are_unchanged()
    {
        Assert.That(ResourceNames.Fit("abc", "-x"), Is.EqualTo("abc-x"));
        Assert.That(ResourceNames.Fit(new string('a', 61), "-x"), Has.Length.EqualTo(63).And.EqualTo(new string('a', 61) + "-x"));
        Assert.That(ResourceNames.Fit(new string('a', 62), "-x"), Has.Length.EqualTo(63).And.Not.StartWith(new string('a', 62)));
    }

    [Test]
    public void Build_rejects_incomplete_metadata_client_mode_and_attempt_zero()
    {
        var app = TestApps.Minimal();
        app.Metadata.Uid = null;
        Assert.Throws<ArgumentException>(() => TestApps.Build(app));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubmissionBuilder.Build(TestApps.Minimal(), 0));
        var client = TestApps.Minimal();
        client.Spec.Mode = SparkOperator.Entities.DeployMode.Client;
        Assert.Throws<ArgumentException>(() => TestApps.Build(client));
    }

    [Test]
    public void Building_does_not_alias_the_application()
    {
        var app = TestApps.Minimal();
        app.Spec.Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }];
        app.Spec.Job = new() { VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }] };
        var built = TestApps.Build(app);
        built.SubmitJob.Spec.Template.Spec.Volumes.Single(v => v.Name == "data").Name = "changed";
        Assert.That(app.Spec.Volumes[0].Name, Is.EqualTo("data"));
    }
}
