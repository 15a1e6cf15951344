using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

/// <summary>cores / coreLimit / memory / memoryOverhead: Spark confs for driver and executors, requests and limits for the Job.</summary>
public class SparkResourcesTests
{
    [TestCase("driver")]
    [TestCase("executor")]
    public void Sizes_become_spark_confs(string role)
    {
        var app = TestApps.Minimal();
        var spec = TestApps.Role(app, role);
        spec.Cores = 2;
        spec.CoreLimit = "2500m";
        spec.Memory = "2g";
        spec.MemoryOverhead = "384m";
        var confs = TestApps.Confs(TestApps.Build(app));
        Assert.Multiple(() =>
        {
            Assert.That(confs[$"spark.{role}.cores"], Is.EqualTo("2"));
            Assert.That(confs[$"spark.kubernetes.{role}.request.cores"], Is.EqualTo("2"));
            Assert.That(confs[$"spark.kubernetes.{role}.limit.cores"], Is.EqualTo("2500m"));
            Assert.That(confs[$"spark.{role}.memory"], Is.EqualTo("2g"));
            Assert.That(confs[$"spark.{role}.memoryOverhead"], Is.EqualTo("384m"));
        });
    }

    [TestCase("driver")]
    [TestCase("executor")]
    public void Stackables_example_requests_one_core_with_two_task_slots_and_a_1500m_limit(string role)
    {
        var app = TestApps.Minimal();
        var spec = TestApps.Role(app, role);
        spec.Cores = 2;
        spec.CoreRequest = "1";
        spec.CoreLimit = "1500m";
        Assert.That(ValidationFor(app), Is.Empty, "admitted: the limit holds the request, not the task slots");
        var confs = TestApps.Confs(TestApps.Build(app));
        Assert.Multiple(() =>
        {
            Assert.That(confs[$"spark.{role}.cores"], Is.EqualTo("2"));
            Assert.That(confs[$"spark.kubernetes.{role}.request.cores"], Is.EqualTo("1"));
            Assert.That(confs[$"spark.kubernetes.{role}.limit.cores"], Is.EqualTo("1500m"));
        });
    }

    [Test]
    public void A_fractional_core_request_is_passed_as_written()
    {
        var app = TestApps.Minimal();
        app.Spec.Driver = new DriverSpec { CoreRequest = "250m" };
        var confs = TestApps.Confs(TestApps.Build(app));
        Assert.That(confs["spark.kubernetes.driver.request.cores"], Is.EqualTo("250m"));
        Assert.That(confs.Keys, Has.No.Member("spark.driver.cores"), "task slots stay Spark's default");
    }

    [TestCase("driver")]
    [TestCase("executor")]
    public void A_role_image_replaces_spark_image_for_that_role_only(string role)
    {
        var app = TestApps.Minimal();
        TestApps.Role(app, role).Image = "registry.example/spark-" + role + ":4.1.1";
        var built = TestApps.Build(app);
        var confs = TestApps.Confs(built);
        var other = role == "driver" ? "executor" : "driver";
        Assert.That(confs[$"spark.kubernetes.{role}.container.image"], Is.EqualTo("registry.example/spark-" + role + ":4.1.1"));
        Assert.That(confs[$"spark.kubernetes.{other}.container.image"], Is.EqualTo(app.Spec.SparkImage));
        Assert.That(TestApps.MainContainer(built, role).Image, Is.EqualTo("registry.example/spark-" + role + ":4.1.1"));
        Assert.That(TestApps.SubmitContainer(built).Image, Is.EqualTo(app.Spec.SparkImage));
    }

    private static IEnumerable<string> ValidationFor(SparkApplication app) =>
        SparkOperator.Tests.Validation.ValidApplication.Validate(app).Errors.Select(e => $"{e.Path}: {e.Message}");

    [Test]
    public void Integer_core_limit_is_passed_as_a_number()
    {
        var app = TestApps.Minimal();
        app.Spec.Executor = new ExecutorSpec { CoreLimit = 3 };
        Assert.That(TestApps.Confs(TestApps.Build(app))["spark.kubernetes.executor.limit.cores"], Is.EqualTo("3"));
    }

    [Test]
    public void Unset_sizes_leave_spark_defaults()
    {
        var confs = TestApps.Confs(TestApps.Build(TestApps.Minimal()));
        Assert.That(confs.Keys, Has.None.Match(@"^spark\.(driver|executor)\.(cores|memory|memoryOverhead)$"));
        Assert.That(confs.Keys, Has.None.Match(@"^spark\.kubernetes\.(driver|executor)\.(request|limit)\.cores$"));
    }

    [TestCase("512m", null, "512Mi")]
    [TestCase("2g", null, "2Gi")]
    [TestCase("1G", "512m", "1536Mi")]
    [TestCase("1024", null, "1Gi")]
    [TestCase("2048k", null, "2Mi")]
    [TestCase("1gb", "1g", "2Gi")]
    public void Job_memory_in_spark_notation_is_request_and_limit(string memory, string? overhead, string expected)
    {
        var app = TestApps.Minimal();
        app.Spec.Job = new RoleSpec { Memory = memory, MemoryOverhead = overhead };
        var resources = TestApps.SubmitContainer(TestApps.Build(app)).Resources;
        Assert.That(resources.Requests["memory"], Is.EqualTo(new ResourceQuantity(expected)));
        Assert.That(resources.Limits["memory"], Is.EqualTo(new ResourceQuantity(expected)));
    }

    [Test]
    public void Job_cores_are_the_cpu_request_and_core_limit_the_cpu_limit()
    {
        var app = TestApps.Minimal();
        app.Spec.Job = new RoleSpec { Cores = 1, CoreLimit = "1500m" };
        var resources = TestApps.SubmitContainer(TestApps.Build(app)).Resources;
        Assert.That(resources.Requests["cpu"].ToString(), Is.EqualTo("1"));
        Assert.That(resources.Limits["cpu"].ToString(), Is.EqualTo("1500m"));
        Assert.That(resources.Requests["memory"].ToString(), Is.EqualTo("512Mi"), "memory the spec does not set keeps the operator's default");
    }

    [Test]
    public void Job_core_request_is_the_cpu_request_apart_from_cores()
    {
        var app = TestApps.Minimal();
        app.Spec.Job = new RoleSpec { Cores = 2, CoreRequest = "250m" };
        var resources = TestApps.SubmitContainer(TestApps.Build(app)).Resources;
        Assert.That(resources.Requests["cpu"].ToString(), Is.EqualTo("250m"));
        Assert.That(resources.Limits["cpu"].ToString(), Is.EqualTo("400m"));
    }

    [Test]
    public void A_submit_pod_without_sizes_gets_the_operator_defaults_as_stackable_sizes_it()
    {
        var resources = TestApps.SubmitContainer(TestApps.Build(TestApps.Minimal())).Resources;
        Assert.That(resources.Requests["cpu"].ToString(), Is.EqualTo("100m"));
        Assert.That(resources.Limits["cpu"].ToString(), Is.EqualTo("400m"));
        Assert.That(resources.Requests["memory"].ToString(), Is.EqualTo("512Mi"));
        Assert.That(resources.Limits["memory"].ToString(), Is.EqualTo("512Mi"));
    }

    [Test]
    public void Operator_defaults_never_contradict_what_the_job_sets()
    {
        var app = TestApps.Minimal();
        app.Spec.Job = new RoleSpec
        {
            Cores = 1,
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") } },
        };
        var resources = TestApps.SubmitContainer(TestApps.Build(app)).Resources;
        Assert.That(resources.Limits["cpu"].ToString(), Is.EqualTo("1"), "a default limit below the request is raised to it");
        Assert.That(resources.Requests["memory"].ToString(), Is.EqualTo("256Mi"), "a default request above the limit is lowered to it");
    }

    [Test]
    public void Submit_pod_defaults_come_from_the_operator_setting_and_an_empty_one_leaves_the_resource_unset()
    {
        var options = SubmissionOptions.Default with { SubmitPod = new SubmitPodDefaults { CpuRequest = "200m", CpuLimit = "", Memory = "1Gi" } };
        var resources = TestApps.SubmitContainer(SubmissionBuilder.Build(TestApps.Minimal(), 1, options)).Resources;
        Assert.That(resources.Requests["cpu"].ToString(), Is.EqualTo("200m"));
        Assert.That(resources.Limits.ContainsKey("cpu"), Is.False);
        Assert.That(resources.Limits["memory"].ToString(), Is.EqualTo("1Gi"));
    }

    [Test]
    public void Job_resources_are_kept_where_the_spark_fields_say_nothing()
    {
        var app = TestApps.Minimal();
        app.Spec.Job = new RoleSpec
        {
            Memory = "1g",
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") },
                Limits = new Dictionary<string, ResourceQuantity> { ["ephemeral-storage"] = new("1Gi") },
            },
        };
        var resources = TestApps.SubmitContainer(TestApps.Build(app)).Resources;
        Assert.That(resources.Requests["cpu"].ToString(), Is.EqualTo("100m"));
        Assert.That(resources.Requests["memory"].ToString(), Is.EqualTo("1Gi"), "memory wins over resources");
        Assert.That(resources.Limits["ephemeral-storage"].ToString(), Is.EqualTo("1Gi"));
        Assert.That(app.Spec.Job.Resources.Requests["memory"].ToString(), Is.EqualTo("64Mi"), "the spec is not changed");
    }

    [Test]
    public void Job_sizes_are_not_spark_confs()
    {
        var app = TestApps.Minimal();
        app.Spec.Job = new RoleSpec { Cores = 4, Memory = "4g" };
        var confs = TestApps.Confs(TestApps.Build(app));
        Assert.That(confs.Values, Has.None.EqualTo("4g"));
    }

    [Test]
    public void Job_memory_that_is_not_spark_notation_is_rejected()
    {
        var app = TestApps.Minimal();
        app.Spec.Job = new RoleSpec { Memory = "1Gi" };
        Assert.Throws<ArgumentException>(() => TestApps.Build(app));
    }
}
