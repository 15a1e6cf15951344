using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;
using SparkOperator.Submission;
using SparkOperator.Validation;

#pragma warning disable CA1861 // expected lists read best inline

namespace SparkOperator.Tests.Submission;

/// <summary>spec.sparkUi and spec.monitoring: the Service, the Ingress, the confs, the annotations and status.sparkUi.</summary>
public class SparkUiTests
{
    private static readonly SubmissionOptions HostIngress = SubmissionOptions.Default with
    {
        SparkUi = new SparkUiOptions
        {
            Host = "{name}.{namespace}.spark.example.com",
            ClassName = "nginx",
            TlsSecretName = "spark-wildcard",
            Annotations = new Dictionary<string, string> { ["example.com/auth"] = "sso" },
        },
    };

    private static readonly SubmissionOptions PathIngress = SubmissionOptions.Default with
    {
        SparkUi = new SparkUiOptions { Host = "spark.example.com", Path = "/spark/{namespace}/{name}" },
    };

    private static SparkApplication WithUi(string name = "app", bool? ingress = null)
    {
        var app = TestApps.Minimal(name);
        app.Spec.SparkUi = new SparkUiSpec { Ingress = ingress };
        return app;
    }

    private static Dictionary<string, string> Labels(string selector) =>
        selector.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Test]
    public void Without_sparkUi_nothing_is_built_and_status_stays_empty()
    {
        var built = TestApps.Build(TestApps.Minimal());
        Assert.That(built.SparkUiService, Is.Null);
        Assert.That(built.SparkUiIngress, Is.Null);
        Assert.That(built.SparkUi, Is.Null);
        Assert.That(built.InApplyOrder(), Has.Count.EqualTo(4));
        Assert.That(TestApps.Confs(built).Keys.Where(k => k.StartsWith("spark.ui.", StringComparison.Ordinal) || k.StartsWith("spark.metrics.", StringComparison.Ordinal)), Is.Empty);

        var disabled = WithUi();
        disabled.Spec.SparkUi!.Enabled = false;
        Assert.That(TestApps.Build(disabled).SparkUiService, Is.Null);
    }

    [TestCase(1)]
    [TestCase(3)]
    public void The_service_selects_exactly_the_labels_of_this_attempts_driver(int attempt)
    {
        var built = TestApps.Build(WithUi(), attempt);
        var service = built.SparkUiService!;
        var driverLabels = TestApps.DriverTemplate(built).Metadata.Labels;
        var executorLabels = TestApps.ExecutorTemplate(built).Metadata.Labels;

        Assert.That(service.Spec.Selector, Is.EqualTo(Labels(built.DriverSelector)));
        Assert.That(service.Spec.Selector.All(s => driverLabels.TryGetValue(s.Key, out var v) && v == s.Value), "the driver template carries every selected label");
        Assert.That(service.Spec.Selector.All(s => executorLabels.TryGetValue(s.Key, out var v) && v == s.Value), Is.False, "no executor is selected");
        Assert.That(service.Spec.Selector[OwnedLabels.Attempt], Is.EqualTo(attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(service.Spec.Type, Is.EqualTo("ClusterIP"));
        Assert.That(service.Metadata.Name, Is.EqualTo("app-ui"));
        Assert.That(service.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(TestApps.Uid));
        Assert.That(service.Metadata.OwnerReferences.Single().Controller, Is.True);
        var port = service.Spec.Ports.Single();
        Assert.That((port.Name, port.Port, port.TargetPort.Value), Is.EqualTo(("spark-ui", 4040, "4040")));
        Assert.That(built.InApplyOrder()[^1], Is.SameAs(built.SubmitJob), "the Job stays last");
    }

    [Test]
    public void Without_an_ingress_configured_status_gives_the_services_address_in_the_cluster()
    {
        var built = TestApps.Build(WithUi(ingress: true));
        Assert.That(built.SparkUiIngress, Is.Null);
        Assert.That(built.SparkUi!.ServiceName, Is.EqualTo("app-ui"));
        Assert.That(built.SparkUi.IngressName, Is.Null);
        Assert.That(built.SparkUi.Url, Is.EqualTo("http://app-ui.team-a.svc:4040/"));
        Assert.That(TestApps.Confs(built).ContainsKey(OwnedSparkUi.ProxyBaseConf), Is.False);
    }

    [Test]
    public void Spark_ui_port_from_sparkConf_is_the_services_port_and_the_scrape_port()
    {
        var app = WithUi();
        app.Spec.SparkConf = new Dictionary<string, string> { [OwnedSparkUi.PortConf] = "4050" };
        app.Spec.Monitoring = new MonitoringSpec { Prometheus = new PrometheusSpec() };
        var built = TestApps.Build(app);
        var port = built.SparkUiService!.Spec.Ports.Single();
        Assert.That((port.Port, port.TargetPort.Value), Is.EqualTo((4050, "4050")));
        Assert.That(built.SparkUi!.Url, Is.EqualTo("http://app-ui.team-a.svc:4050/"));
        Assert.That(TestApps.DriverTemplate(built).Metadata.Annotations[OwnedSparkUi.ScrapePortAnnotation], Is.EqualTo("4050"));
    }

    [Test]
    public void A_host_template_gives_each_application_its_own_host_with_the_operators_class_tls_and_annotations()
    {
        var built = SubmissionBuilder.Build(WithUi(), 1, HostIngress);
        var ingress = built.SparkUiIngress!;
        var rule = ingress.Spec.Rules.Single();
        var path = rule.Http.Paths.Single();

        Assert.That(rule.Host, Is.EqualTo("app.team-a.spark.example.com"));
        Assert.That((path.Path, path.PathType), Is.EqualTo(("/", "Prefix")));
        Assert.That(path.Backend.Service.Name, Is.EqualTo(built.SparkUiService!.Metadata.Name));
        Assert.That(path.Backend.Service.Port.Name, Is.EqualTo("spark-ui"));
        Assert.That(ingress.Spec.IngressClassName, Is.EqualTo("nginx"));
        Assert.That(ingress.Spec.Tls.Single().Hosts, Is.EqualTo(new[] { "app.team-a.spark.example.com" }));
        Assert.That(ingress.Spec.Tls.Single().SecretName, Is.EqualTo("spark-wildcard"));
        Assert.That(ingress.Metadata.Annotations, Is.EqualTo(new Dictionary<string, string> { ["example.com/auth"] = "sso" }));
        Assert.That(ingress.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(TestApps.Uid));
        Assert.That(built.SparkUi!.Url, Is.EqualTo("https://app.team-a.spark.example.com/"));
        Assert.That(built.SparkUi.IngressName, Is.EqualTo(ingress.Metadata.Name));

        // At the host's root Spark's links need no prefix.
        Assert.That(TestApps.Confs(built).ContainsKey(OwnedSparkUi.ProxyBaseConf), Is.False);
        Assert.That(TestApps.Confs(built).ContainsKey(OwnedSparkUi.ProxyRedirectUriConf), Is.False);
    }

    [Test]
    public void A_path_template_sets_spark_proxy_base_and_redirects_to_the_ingress_host()
    {
        var built = SubmissionBuilder.Build(WithUi(), 1, PathIngress);
        var path = built.SparkUiIngress!.Spec.Rules.Single().Http.Paths.Single();
        var confs = TestApps.Confs(built);

        Assert.That(path.Path, Is.EqualTo("/spark/team-a/app"));
        Assert.That(confs[OwnedSparkUi.ProxyBaseConf], Is.EqualTo("/spark/team-a/app"));
        Assert.That(confs[OwnedSparkUi.ProxyRedirectUriConf], Is.EqualTo("http://spark.example.com"));
        Assert.That(built.SparkUi!.Url, Is.EqualTo("http://spark.example.com/spark/team-a/app/"));
        Assert.That(built.SparkUiIngress.Spec.Tls, Is.Null);
        Assert.That(built.SparkUiIngress.Spec.IngressClassName, Is.Null);
    }

    [Test]
    public void Ingress_false_keeps_the_ui_inside_the_cluster_even_where_one_is_offered()
    {
        var built = SubmissionBuilder.Build(WithUi(ingress: false), 1, PathIngress);
        Assert.That(built.SparkUiService, Is.Not.Null);
        Assert.That(built.SparkUiIngress, Is.Null);
        Assert.That(built.SparkUi!.Url, Does.StartWith("http://app-ui.team-a.svc:"));
        Assert.That(TestApps.Confs(built).ContainsKey(OwnedSparkUi.ProxyBaseConf), Is.False);
    }

    [Test]
    public void Names_that_are_no_dns_label_get_distinct_service_names_within_63_characters()
    {
        string[] names = ["a.b", "a-b", "1st", new string('x', 63), new string('x', 62) + ".y", "spark." + new string('z', 240)];
        var services = names.Select(n => SubmissionBuilder.Build(WithUi(n), 1, HostIngress)).ToList();
        var serviceNames = services.Select(b => b.SparkUiService!.Metadata.Name).ToList();

        Assert.That(serviceNames, Is.Unique);
        Assert.That(serviceNames, Has.All.Matches<string>(n => n!.Length <= 63 && char.IsAsciiLetterLower(n[0]) && !n.Contains('.', StringComparison.Ordinal) && KubernetesNames.IsDns1123Label(n)));
        Assert.That(serviceNames[1], Is.EqualTo("a-b-ui"));
        Assert.That(services.Select(b => b.SparkUiIngress!.Spec.Rules[0].Host), Has.All.Matches<string>(h => h!.Split('.').All(l => l.Length <= 63) && KubernetesNames.IsDns1123Subdomain(h)));
    }

    [Test]
    public void Prometheus_sets_sparks_servlet_confs_and_scrape_annotations_on_the_driver_only()
    {
        var app = TestApps.Minimal();
        app.Spec.Driver = new DriverSpec { Annotations = new Dictionary<string, string> { ["team"] = "a" } };
        app.Spec.Monitoring = new MonitoringSpec { Prometheus = new PrometheusSpec { Enabled = true } };
        var built = TestApps.Build(app);
        var confs = TestApps.Confs(built);

        Assert.That(confs[OwnedSparkUi.PrometheusEnabledConf], Is.EqualTo("true"));
        Assert.That(confs["spark.metrics.conf.*.sink.prometheusServlet.class"], Is.EqualTo("org.apache.spark.metrics.sink.PrometheusServlet"));
        Assert.That(confs["spark.metrics.conf.*.sink.prometheusServlet.path"], Is.EqualTo("/metrics/prometheus"));
        Assert.That(TestApps.DriverTemplate(built).Metadata.Annotations, Is.EqualTo(new Dictionary<string, string>
        {
            ["team"] = "a",
            ["prometheus.io/scrape"] = "true",
            ["prometheus.io/port"] = "4040",
            ["prometheus.io/path"] = "/metrics/prometheus",
        }));
        Assert.That(TestApps.ExecutorTemplate(built).Metadata.Annotations, Is.Null);
        Assert.That(built.SparkUiService, Is.Null, "metrics alone create no Service");

        app.Spec.Monitoring.Prometheus!.Enabled = false;
        Assert.That(TestApps.Confs(TestApps.Build(app)).ContainsKey(OwnedSparkUi.PrometheusEnabledConf), Is.False);
        Assert.That(TestApps.DriverTemplate(TestApps.Build(app)).Metadata.Annotations!.Keys, Is.EqualTo(new[] { "team" }));
    }

    [Test]
    public void A_metrics_path_from_sparkConf_wins_and_the_scrape_annotation_follows_it()
    {
        var app = TestApps.Minimal();
        app.Spec.Monitoring = new MonitoringSpec { Prometheus = new PrometheusSpec() };
        app.Spec.SparkConf = new Dictionary<string, string> { [OwnedSparkUi.PrometheusSinkPathConf] = "/custom/metrics" };
        var built = TestApps.Build(app);
        Assert.That(TestApps.Confs(built)[OwnedSparkUi.PrometheusSinkPathConf], Is.EqualTo("/custom/metrics"));
        Assert.That(TestApps.DriverTemplate(built).Metadata.Annotations[OwnedSparkUi.ScrapePathAnnotation], Is.EqualTo("/custom/metrics"));
    }

    [Test]
    public void Every_ui_and_metrics_conf_is_one_sparkConf_may_override_and_admission_admits()
    {
        var app = WithUi();
        app.Spec.Monitoring = new MonitoringSpec { Prometheus = new PrometheusSpec() };
        var built = SubmissionBuilder.Build(app, 1, PathIngress);
        var written = SparkUiBuilder.Confs(app, PathIngress).Concat(PrometheusMetrics.Confs(app.Spec)).ToList();

        Assert.That(written, Has.Count.EqualTo(5));
        Assert.That(written.Select(c => c.Key), Has.All.Matches<string>(k => OperatorOwnedSparkConf.IsFromSpec(k!)));
        Assert.That(written.Select(c => TestApps.Confs(built)[c.Key]), Is.EqualTo(written.Select(c => c.Value)));

        // A user's value for each is admitted and wins, coming after the operator's.
        app.Spec.SparkConf = written.ToDictionary(c => c.Key, c => c.Value + "-mine");
        Assert.That(new SparkApplicationAdmissionValidator().ValidateSpec(app), Is.Empty);
        var confs = TestApps.Confs(SubmissionBuilder.Build(app, 1, PathIngress));
        Assert.That(written.Select(c => confs[c.Key]), Has.All.EndsWith("-mine"));
    }
}
