using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Metadata of the ServiceAccount the operator makes for the application.")]
public sealed class ServiceAccountSpec
{
    [Description("Annotations of the account, e.g. eks.amazonaws.com/role-arn or iam.gke.io/gcp-service-account. Keys are limited to the prefixes of the operator's Policy:AllowedServiceAccountAnnotationPrefixes (default: eks.amazonaws.com/, iam.gke.io/, azure.workload.identity/); kubernetes.io keys are refused.")]
    public IDictionary<string, string>? Annotations { get; set; }

    [Description("Labels of the account. The operator's own labels and sparkoperator.dev/usable-by-spark-applications are refused.")]
    public IDictionary<string, string>? Labels { get; set; }
}
