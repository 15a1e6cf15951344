using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("The driver's Spark UI: a ClusterIP Service in front of the current attempt's driver, and an Ingress when the operator offers one (its host and path come from the operator's SparkUi:Ingress settings, never from here).")]
public sealed class SparkUiSpec
{
    [Description("Create the Service (and the Ingress). Defaults to true when sparkUi is given; sparkConf may not set spark.ui.enabled=false at the same time.")]
    public bool? Enabled { get; set; }

    [Description("Expose the UI through the Ingress the operator's administrator configured, at the host and path it derives from the application's name and namespace. Defaults to true; false keeps the UI inside the cluster. Without an Ingress configured only the Service is created.")]
    public bool? Ingress { get; set; }
}

[Description("Metrics of the driver and executors.")]
public sealed class MonitoringSpec
{
    [Description("Spark's own Prometheus endpoints on the driver's UI port: the driver's metrics at /metrics/prometheus and the executors' at /metrics/executors/prometheus, with prometheus.io scrape annotations on the driver pod.")]
    public PrometheusSpec? Prometheus { get; set; }
}

[Description("Spark's PrometheusServlet on the driver.")]
public sealed class PrometheusSpec
{
    [Description("Turn the endpoints and the scrape annotations on. Defaults to true when prometheus is given.")]
    public bool? Enabled { get; set; }
}

[Description("Where the application's Spark UI is reachable.")]
public sealed class SparkUiStatus
{
    [Description("The Service the operator created in front of the current attempt's driver.")]
    public string? ServiceName { get; set; }

    [Description("The Ingress the operator created for the UI, when it has one configured and the application did not opt out.")]
    public string? IngressName { get; set; }

    [Description("The UI's address: the Ingress's URL, else the Service's address inside the cluster.")]
    public string? Url { get; set; }
}
