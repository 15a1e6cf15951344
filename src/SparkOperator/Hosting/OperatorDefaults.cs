namespace SparkOperator.Hosting;

/// <summary>Names and ports shared by the host, the generated manifests and the tests.</summary>
public static class OperatorDefaults
{
    /// <summary>The operator's name: namespace, Deployment, ServiceAccount, field manager, finalizer prefix.</summary>
    public const string Name = "spark-operator";

    /// <summary>The namespace the generated manifests install into.</summary>
    public const string Namespace = "spark-operator";

    /// <summary>The ClusterRole every application's RoleBinding references: what spark-submit and the driver may do in its namespace.</summary>
    public const string DriverClusterRole = "spark-operator-driver";

    /// <summary>HTTPS port of the admission webhook.</summary>
    public const int WebhookPort = 8443;

    /// <summary>HTTP port of /metrics, /healthz and /readyz.</summary>
    public const int HttpPort = 8080;

    /// <summary>Path the API server posts SparkApplication AdmissionReviews to.</summary>
    public const string ValidateSparkApplicationPath = "/validate/sparkapplications";

    /// <summary>Path the API server posts SparkHistoryServer AdmissionReviews to.</summary>
    public const string ValidateSparkHistoryServerPath = "/validate/sparkhistoryservers";
    /// <summary>Path the API server posts ScheduledSparkApplication AdmissionReviews to.</summary>
    public const string ValidateScheduledSparkApplicationPath = "/validate/scheduledsparkapplications";

    /// <summary>Service in front of the webhook.</summary>
    public const string WebhookServiceName = "spark-operator-webhook";

    /// <summary>Secret with the webhook's serving certificate (tls.crt, tls.key, ca.crt), in the operator's namespace.</summary>
    public const string WebhookCertificateSecret = "spark-operator-webhook-tls";

    /// <summary>Where a certificate directory is conventionally mounted when <c>Webhook:CertificateDirectory</c> is used (the generated Deployment mounts none).</summary>
    public const string WebhookCertificateDirectory = "/etc/spark-operator/tls";

    /// <summary>ClusterRole (and binding) that lets the operator keep the caBundle of its ValidatingWebhookConfiguration.</summary>
    public const string WebhookClusterRole = "spark-operator-webhook";

    /// <summary>Field manager of the operator's server-side applies.</summary>
    public const string FieldManager = "spark-operator";

    /// <summary>The finalizer on every SparkApplication.</summary>
    public const string Finalizer = "sparkoperator.dev/cleanup";

    /// <summary>Concurrent reconciles unless <c>Operator:Workers</c> says otherwise.</summary>
    public const int Workers = 16;

    /// <summary>The Lease that elects the leader, in the operator's namespace.</summary>
    public const string LeaderElectionLease = "spark-operator-leader";
}
