namespace SparkOperator.Spark;

/// <summary>
/// The Spark confs, port and annotation names behind spec.sparkUi and spec.monitoring: one list,
/// read by the builders (Service, Ingress, confs, driver annotations) and by admission alike.
/// </summary>
public static class OwnedSparkUi
{
    public const string EnabledConf = "spark.ui.enabled";
    public const string PortConf = "spark.ui.port";

    /// <summary>Spark's default UI port.</summary>
    public const int DefaultPort = 4040;

    /// <summary>The name Spark gives the UI port of the driver container, and ours on the Service.</summary>
    public const string PortName = "spark-ui";

    /// <summary>The prefix Spark writes into the UI's links, when an Ingress serves it under a path.</summary>
    public const string ProxyBaseConf = "spark.ui.proxyBase";

    /// <summary>Where Spark points its redirects (scheme and host only), so they do not name the pod.</summary>
    public const string ProxyRedirectUriConf = "spark.ui.proxyRedirectUri";

    /// <summary>The executors' metrics at the driver's <see cref="ExecutorsPrometheusPath"/>.</summary>
    public const string PrometheusEnabledConf = "spark.ui.prometheus.enabled";

    /// <summary>The driver's own metrics sink, served by the UI's server (every instance: "*").</summary>
    public const string PrometheusSinkPrefix = "spark.metrics.conf.*.sink.prometheusServlet.";
    public const string PrometheusSinkClassConf = PrometheusSinkPrefix + "class";
    public const string PrometheusSinkPathConf = PrometheusSinkPrefix + "path";
    public const string PrometheusSinkClass = "org.apache.spark.metrics.sink.PrometheusServlet";
    public const string PrometheusPath = "/metrics/prometheus";
    public const string ExecutorsPrometheusPath = "/metrics/executors/prometheus";

    /// <summary>
    /// The driver's other listening ports, which the UI must not take: each as its confs in the
    /// order Spark reads them, and Spark's default on Kubernetes.
    /// </summary>
    public static IReadOnlyList<(string[] Confs, int Default)> OtherDriverPorts { get; } =
    [
        (["spark.driver.port"], 7078),
        (["spark.driver.blockManager.port", "spark.blockManager.port"], 7079),
    ];

    /// <summary>The scrape annotations Prometheus's Kubernetes discovery reads by convention.</summary>
    public const string ScrapeAnnotation = "prometheus.io/scrape";
    public const string ScrapePortAnnotation = "prometheus.io/port";
    public const string ScrapePathAnnotation = "prometheus.io/path";

    /// <summary>All of them: with spec.monitoring the operator sets them on the driver.</summary>
    public static IReadOnlyList<string> ScrapeAnnotations { get; } = [ScrapeAnnotation, ScrapePortAnnotation, ScrapePathAnnotation];
}
