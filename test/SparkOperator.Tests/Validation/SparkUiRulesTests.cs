using SparkOperator.Entities;

namespace SparkOperator.Tests.Validation;

/// <summary>spec.sparkUi and spec.monitoring against sparkConf and the driver's annotations (more in broken/spark-ui.yaml).</summary>
public class SparkUiRulesTests
{
    private static SparkApplication App(Dictionary<string, string> conf, bool ui = true, bool metrics = false)
    {
        var app = ValidApplication.Create();
        foreach (var (key, value) in conf)
        {
            app.Spec.SparkConf![key] = value;
        }

        app.Spec.SparkUi = ui ? new SparkUiSpec() : null;
        app.Spec.Monitoring = metrics ? new MonitoringSpec { Prometheus = new PrometheusSpec() } : null;
        return app;
    }

    private static string[] Errors(SparkApplication app) =>
        [.. ValidApplication.Validate(app).Errors.Select(e => $"{e.Path}: {e.Message}")];

    [TestCase("4040")]
    [TestCase("1024")]
    [TestCase(" 65535 ")]
    public void A_fixed_unprivileged_port_is_admitted(string port) =>
        Assert.That(Errors(App(new() { ["spark.ui.port"] = port }, metrics: true)), Is.Empty);

    [TestCase("0", "is no port")]
    [TestCase("80", "is no port")]
    [TestCase("65536", "is no port")]
    [TestCase("4040m", "is no port")]
    [TestCase("7079", "spark.driver.blockManager.port")]
    public void A_port_no_service_can_name_is_refused_at_its_conf(string port, string reason)
    {
        var errors = Errors(App(new() { ["spark.ui.port"] = port }));
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("spec.sparkConf[spark.ui.port]: ").And.Contain(reason));
    }

    [Test]
    public void A_moved_block_manager_port_frees_its_default_for_the_ui()
    {
        Assert.That(Errors(App(new() { ["spark.ui.port"] = "7079", ["spark.blockManager.port"] = "7100" })), Is.Empty);
        Assert.That(Errors(App(new() { ["spark.ui.port"] = "7100", ["spark.blockManager.port"] = "7100" })), Has.One.Contains("spark.blockManager.port"));
    }

    [Test]
    public void Without_sparkUi_or_monitoring_the_ui_confs_are_the_users_own()
    {
        var app = App(new() { ["spark.ui.enabled"] = "false", ["spark.ui.port"] = "0" }, ui: false);
        app.Spec.Driver!.Annotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true" };
        Assert.That(Errors(app), Is.Empty);
    }

    [Test]
    public void A_disabled_ui_is_refused_with_either_field_that_needs_it()
    {
        Assert.That(Errors(App(new() { ["spark.ui.enabled"] = "False" })), Is.EqualTo(new[]
        {
            "spec.sparkConf[spark.ui.enabled]: is false, but spec.sparkUi needs the driver's UI server; remove one of them",
        }));
        Assert.That(Errors(App(new() { ["spark.ui.enabled"] = "false" }, ui: false, metrics: true)), Has.One.Contains("spec.monitoring.prometheus needs the driver's UI server"));
        var off = App(new() { ["spark.ui.enabled"] = "false" });
        off.Spec.SparkUi!.Enabled = false;
        Assert.That(Errors(off), Is.Empty);
    }

    [Test]
    public void The_scrape_annotations_are_the_operators_only_while_it_sets_them()
    {
        var app = App(new() { ["spark.kubernetes.driver.annotation.prometheus.io/scrape"] = "false", ["spark.kubernetes.executor.annotation.prometheus.io/scrape"] = "true" }, ui: false, metrics: true);
        app.Spec.Driver!.Annotations = new Dictionary<string, string> { ["prometheus.io/path"] = "/x", ["team"] = "a" };
        Assert.That(Errors(app), Is.EquivalentTo(new[]
        {
            "spec.sparkConf[spark.kubernetes.driver.annotation.prometheus.io/scrape]: is set by the operator for spec.monitoring.prometheus (the driver's port and metrics path); remove it",
            "spec.driver.annotations[prometheus.io/path]: is set by the operator for spec.monitoring.prometheus (the driver's port and metrics path); remove it",
        }));
    }
}
