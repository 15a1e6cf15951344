using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("The history server: its image, the event-log directory it reads, how many replicas, the cleaner, resources, Spark configuration, placement and an optional Ingress.")]
public sealed class SparkHistoryServerSpec
{
    [Required]
    [Length(minLength: 1)]
    [Description("Container image with Spark (the same kind of image SparkApplications use, e.g. apache/spark:4.1.1); the operator starts $SPARK_HOME/bin/spark-class org.apache.spark.deploy.history.HistoryServer in it.")]
    public string Image { get; set; } = "";

    [Description("When the kubelet pulls image: Always, IfNotPresent or Never.")]
    public ImagePullPolicy? ImagePullPolicy { get; set; }

    [Description("Secrets in the same namespace holding registry credentials for image.")]
    public IList<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    [Required]
    [Description("The event-log directory to read (spark.history.fs.logDirectory): the same three kinds as a SparkApplication's logFileDirectory.")]
    public LogFileDirectory LogFileDirectory { get; set; } = new();

    [Description("S3 connection used when logFileDirectory is s3: endpoint, region, addressing style, credentials.")]
    public S3Connection? S3connection { get; set; }

    [Range(minimum: 0)]
    [Description("Pods of the Deployment. Defaults to 1. With the cleaner enabled only 1 is accepted: two cleaners would delete under each other.")]
    public int? Replicas { get; set; }

    [Description("Deletes old event logs (spark.history.fs.cleaner.*).")]
    public HistoryCleaner? Cleaner { get; set; }

    [Description("CPU and memory requests and limits of the history server container.")]
    public V1ResourceRequirements? Resources { get; set; }

    [Description("Spark configuration written into the history server's spark-defaults.conf after the operator's defaults, e.g. spark.history.retainedApplications. Keys the operator sets from spec (log directory, port, cleaner) are rejected.")]
    public IDictionary<string, string>? SparkConf { get; set; }

    [Description("Node labels the pods must match.")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [Description("Affinity rules of the pods.")]
    public V1Affinity? Affinity { get; set; }

    [Description("Tolerations of the pods.")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [Description("An Ingress in front of the Service (needs an ingress controller in the cluster).")]
    public HistoryIngress? Ingress { get; set; }
}

[Description("The history server's cleaner of old event logs.")]
public sealed class HistoryCleaner
{
    [Description("Turn the cleaner on (spark.history.fs.cleaner.enabled).")]
    public bool? Enabled { get; set; }

    [Description("Event logs older than this are deleted, in Spark's time notation: 7d, 12h, 30min (spark.history.fs.cleaner.maxAge; Spark's default 7d).")]
    public string? MaxAge { get; set; }

    [Range(minimum: 1)]
    [Description("At most this many applications' event logs are kept (spark.history.fs.cleaner.maxNum).")]
    public int? MaxNumApps { get; set; }
}

[Description("An Ingress to the history server's Service.")]
public sealed class HistoryIngress
{
    [Description("Host name the Ingress answers for; unset, any host.")]
    public string? Host { get; set; }

    [Description("Path prefix, default /. The history server serves from its root, so a path other than / needs a rewrite in the ingress controller (its annotations).")]
    public string? Path { get; set; }

    [Description("The IngressClass, e.g. nginx; unset, the cluster's default class.")]
    public string? IngressClassName { get; set; }

    [Description("Annotations of the Ingress, e.g. for the ingress controller or cert-manager.")]
    public IDictionary<string, string>? Annotations { get; set; }

    [Description("TLS for host: the Secret with its certificate.")]
    public HistoryIngressTls? Tls { get; set; }
}

[Description("TLS of the history server's Ingress.")]
public sealed class HistoryIngressTls
{
    [Required]
    [Description("Secret (type kubernetes.io/tls) in the same namespace with the certificate for host.")]
    public string SecretName { get; set; } = "";
}
