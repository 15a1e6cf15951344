using SparkOperator.Hosting;
using SparkOperator.Spark;
using SparkOperator.Submission;

// Expected argv literals read best inline.
#pragma warning disable CA1861

namespace SparkOperator.Tests.Submission;

public class SparkSubmitArgumentsTests
{
    [Test]
    public void Argv_starts_with_master_deploy_mode_name_and_class()
    {
        var argv = TestApps.Argv(TestApps.Build(TestApps.Minimal("pi")));
        Assert.That(argv.Take(8), Is.EqualTo(new[]
        {
            "--master", "k8s://https://kubernetes.default.svc:443",
            "--deploy-mode", "cluster",
            "--name", "pi",
            "--class", "org.apache.spark.examples.SparkPi",
        }));
    }

    [Test]
    public void Without_main_class_there_is_no_class_option()
    {
        var app = TestApps.Minimal();
        app.Spec.MainClass = null;
        app.Spec.MainApplicationFile = "local:///opt/spark/examples/src/main/python/pi.py";
        var argv = TestApps.Argv(TestApps.Build(app));
        Assert.That(argv, Does.Not.Contain("--class"));
        Assert.That(argv[^1], Is.EqualTo("local:///opt/spark/examples/src/main/python/pi.py"));
    }

    [Test]
    public void Operator_confs_point_spark_at_our_templates_names_and_identity()
    {
        var built = TestApps.Build(TestApps.Minimal("pi", "ns1"), attempt: 3);
        var confs = TestApps.Confs(built);
        Assert.Multiple(() =>
        {
            Assert.That(confs["spark.kubernetes.driver.podTemplateFile"], Is.EqualTo("/spark/pod-templates/driver-pod-template.yaml"));
            Assert.That(confs["spark.kubernetes.executor.podTemplateFile"], Is.EqualTo("/spark/pod-templates/executor-pod-template.yaml"));
            Assert.That(confs["spark.kubernetes.driver.podTemplateContainerName"], Is.EqualTo("spark"));
            Assert.That(confs["spark.kubernetes.executor.podTemplateContainerName"], Is.EqualTo("spark"));
            Assert.That(confs["spark.kubernetes.namespace"], Is.EqualTo("ns1"));
            Assert.That(confs["spark.kubernetes.container.image"], Is.EqualTo("apache/spark:4.1.1"));
            Assert.That(confs["spark.kubernetes.driver.container.image"], Is.EqualTo("apache/spark:4.1.1"));
            Assert.That(confs["spark.kubernetes.executor.container.image"], Is.EqualTo("apache/spark:4.1.1"));
            Assert.That(confs["spark.kubernetes.authenticate.driver.serviceAccountName"], Is.EqualTo("pi-spark"));
            Assert.That(confs["spark.kubernetes.driver.pod.name"], Is.EqualTo("pi-3-driver"));
            Assert.That(confs["spark.kubernetes.driver.pod.name"], Is.EqualTo(built.DriverPodName));
            Assert.That(confs["spark.kubernetes.executor.podNamePrefix"], Is.EqualTo("pi-3"));
            Assert.That(confs["spark.kubernetes.submission.waitAppCompletion"], Is.EqualTo("false"));
        });
    }

    [Test]
    public void Pod_template_paths_are_where_the_job_mounts_the_config_map()
    {
        var built = TestApps.Build(TestApps.Minimal());
        var mount = TestApps.SubmitContainer(built).VolumeMounts.Single(m => m.Name == OwnedPaths.PodTemplatesVolume);
        var volume = built.SubmitJob.Spec.Template.Spec.Volumes.Single(v => v.Name == OwnedPaths.PodTemplatesVolume);
        Assert.That(mount.ReadOnlyProperty, Is.True);
        Assert.That(volume.ConfigMap.Name, Is.EqualTo(built.PodTemplates.Metadata.Name));
        Assert.That(TestApps.Confs(built)["spark.kubernetes.driver.podTemplateFile"], Does.StartWith(mount.MountPath + "/"));
        Assert.That(built.PodTemplates.Data.Keys, Is.EquivalentTo(new[] { "driver-pod-template.yaml", "executor-pod-template.yaml" }));
    }

    [Test]
    public void User_spark_conf_comes_after_spec_confs_sorted_and_before_owned_confs_then_file_then_args()
    {
        var app = TestApps.Minimal();
        app.Spec.SparkConf = new Dictionary<string, string> { ["spark.z"] = "1", ["spark.a"] = "2", ["spark.executor.memory"] = "9g" };
        app.Spec.Executor = new() { Memory = "1g" };
        app.Spec.Args = ["first", "second"];
        var argv = TestApps.Argv(TestApps.Build(app));

        var specMemory = argv.IndexOf("spark.executor.memory=1g");
        var userA = argv.IndexOf("spark.a=2");
        var userMemory = argv.IndexOf("spark.executor.memory=9g");
        var userZ = argv.IndexOf("spark.z=1");
        var owned = argv.ToList().FindIndex(a => a.StartsWith("spark.kubernetes.driver.pod.name=", StringComparison.Ordinal));
        Assert.That(specMemory, Is.GreaterThan(0));
        Assert.That(new[] { specMemory, userA, userMemory, userZ, owned }, Is.Ordered);
        Assert.That(argv[userZ - 1], Is.EqualTo("--conf"));
        Assert.That(argv.SkipWhile(a => a != app.Spec.MainApplicationFile), Is.EqualTo(new[] { app.Spec.MainApplicationFile, "first", "second" }));
        Assert.That(TestApps.Confs(TestApps.Build(app))["spark.executor.memory"], Is.EqualTo("9g"), "last --conf wins in spark-submit");
    }

    [Test]
    public void Executors_are_kept_after_the_run_for_their_logs_unless_spark_conf_says_otherwise()
    {
        var app = TestApps.Minimal();
        Assert.That(TestApps.Confs(TestApps.Build(app))[SparkSubmitArguments.ExecutorDeleteOnTermination], Is.EqualTo("false"));

        app.Spec.SparkConf = new Dictionary<string, string> { [SparkSubmitArguments.ExecutorDeleteOnTermination] = "true" };
        Assert.That(TestApps.Confs(TestApps.Build(app))[SparkSubmitArguments.ExecutorDeleteOnTermination], Is.EqualTo("true"));
    }

    [Test]
    public void Owned_confs_win_over_a_stored_spark_conf_that_names_them()
    {
        // Admission refuses these; an application stored without it must still not steer identity or tracking.
        var app = TestApps.Minimal("pi");
        app.Spec.SparkConf = new Dictionary<string, string>
        {
            ["spark.kubernetes.driver.pod.name"] = "someone-else",
            ["spark.kubernetes.authenticate.driver.serviceAccountName"] = "default",
            ["spark.kubernetes.submission.waitAppCompletion"] = "true",
        };
        var confs = TestApps.Confs(TestApps.Build(app));
        Assert.That(confs["spark.kubernetes.driver.pod.name"], Is.EqualTo("pi-1-driver"));
        Assert.That(confs["spark.kubernetes.authenticate.driver.serviceAccountName"], Is.EqualTo("pi-spark"));
        Assert.That(confs["spark.kubernetes.submission.waitAppCompletion"], Is.EqualTo("false"));
    }

    [TestCase("a b c")]
    [TestCase("x; rm -rf /; echo")]
    [TestCase("it's \"mixed\" quoting")]
    [TestCase("`id` && true || false > /tmp/out")]
    [TestCase("key=value=more")]
    [TestCase("--conf")]
    [TestCase("line\nbreak")]
    public void An_argument_stays_one_literal_argv_item(string value)
    {
        var app = TestApps.Minimal();
        app.Spec.Args = [value, "after"];
        var argv = TestApps.Argv(TestApps.Build(app));
        Assert.That(argv.TakeLast(2), Is.EqualTo(new[] { value, "after" }));
    }

    [TestCase("$(HOME)", "$$(HOME)")]
    [TestCase("a $(id) b", "a $$(id) b")]
    [TestCase("$$", "$$$$")]
    [TestCase("$HOME", "$$HOME")]
    public void Dollar_is_escaped_so_kubernetes_does_not_expand_it(string value, string escaped)
    {
        var app = TestApps.Minimal();
        app.Spec.Args = [value];
        app.Spec.SparkConf = new Dictionary<string, string> { ["spark.test"] = value };
        var argv = TestApps.Argv(TestApps.Build(app));
        Assert.That(argv[^1], Is.EqualTo(escaped));
        Assert.That(argv, Does.Contain("spark.test=" + escaped));
    }

    [Test]
    public void Spark_conf_values_with_spaces_and_equals_are_one_item_after_conf()
    {
        var app = TestApps.Minimal();
        app.Spec.SparkConf = new Dictionary<string, string> { ["spark.driver.extraJavaOptions"] = "-Da=b -Dc='d e'; echo" };
        var argv = TestApps.Argv(TestApps.Build(app));
        var at = argv.IndexOf("spark.driver.extraJavaOptions=-Da=b -Dc='d e'; echo");
        Assert.That(at, Is.GreaterThan(0));
        Assert.That(argv[at - 1], Is.EqualTo("--conf"));
    }

    [TestCase("'s3a://b/trip data.csv'", "s3a://b/trip data.csv")]
    [TestCase("\"double quoted\"", "double quoted")]
    [TestCase("'only-left", "'only-left")]
    [TestCase("'a' 'b'", "'a' 'b'")]
    [TestCase("plain", "plain")]
    public void A_whole_quoted_argument_is_unwrapped(string given, string passed)
    {
        var app = TestApps.Minimal();
        app.Spec.Args = [given];
        Assert.That(TestApps.Argv(TestApps.Build(app))[^1], Is.EqualTo(passed));
    }

    [Test]
    public void Master_is_an_option()
    {
        var built = SubmissionBuilder.Build(TestApps.Minimal(), 1, new SubmissionOptions { Master = "k8s://https://10.0.0.1:6443" });
        Assert.That(TestApps.Argv(built)[1], Is.EqualTo("k8s://https://10.0.0.1:6443"));
        Assert.That(SubmissionOptions.Default.OperatorName, Is.EqualTo(OperatorDefaults.Name));
    }
}
