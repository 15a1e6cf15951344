using k8s.Models;
using SparkOperator.Hosting;

namespace SparkOperator.Manifests;

/// <summary>The operator's Namespace and Deployment.</summary>
internal static class ManagerManifests
{
    /// <summary>
    /// The image the manifests name: the one <c>build/image.sh</c> builds (no registry publishes one);
    /// <c>kustomize edit set image</c> or <c>images:</c> replaces it.
    /// </summary>
    public const string Image = "localhost/spark-operator";

    public const string ImageTag = "dev";

    /// <summary>The labels of the operator's pods, also its Deployment's and Service's selector.</summary>
    public static Dictionary<string, string> SelectorLabels() => new() { ["app.kubernetes.io/name"] = OperatorDefaults.Name };

    public static V1Namespace Namespace() => new()
    {
        ApiVersion = "v1",
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = OperatorDefaults.Namespace,
            // The operator's pod meets the restricted Pod Security Standard; keep it that way.
            Labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" },
        },
    };

    /// <summary>
    /// One replica stays up through a node drain: with failurePolicy Fail, no replica serving the
    /// webhook means no SparkApplication can be created or changed anywhere in the cluster.
    /// </summary>
    public static V1PodDisruptionBudget PodDisruptionBudget() => new()
    {
        ApiVersion = "policy/v1",
        Kind = V1PodDisruptionBudget.KubeKind,
        Metadata = new V1ObjectMeta { Name = OperatorDefaults.Name, NamespaceProperty = OperatorDefaults.Namespace, Labels = SelectorLabels() },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = 1,
            Selector = new V1LabelSelector { MatchLabels = SelectorLabels() },
        },
    };

    public static V1Deployment Deployment() => new()
    {
        ApiVersion = "apps/v1",
        Kind = V1Deployment.KubeKind,
        Metadata = new V1ObjectMeta { Name = OperatorDefaults.Name, NamespaceProperty = OperatorDefaults.Namespace, Labels = SelectorLabels() },
        Spec = new V1DeploymentSpec
        {
            // Leader election keeps one replica reconciling; the other takes over quickly and serves the webhook.
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = SelectorLabels() },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = SelectorLabels() },
                Spec = new V1PodSpec
                {
                    ServiceAccountName = OperatorDefaults.Name,
                    SecurityContext = new V1PodSecurityContext
                    {
                        RunAsNonRoot = true,
                        // The uid of the "app" user in the .NET base images.
                        RunAsUser = 1654,
                        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                    },
                    Containers = [Container()],

                    // No Secret volume: the webhook reads its certificate through the API
                    // (SecretCertificateSource), so a Secret not made yet never holds the pod back.
                    Volumes =
                    [
                        new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() },
                    ],
                },
            },
        },
    };

    private static V1Container Container() => new()
    {
        Name = "operator",
        Image = $"{Image}:{ImageTag}",
        Args = ["run"],
        Ports =
        [
            new V1ContainerPort { Name = "http", ContainerPort = OperatorDefaults.HttpPort },
            new V1ContainerPort { Name = "webhook", ContainerPort = OperatorDefaults.WebhookPort },
        ],
        Env =
        [
            // Empty watches every namespace; a comma-separated list restricts the operator to those.
            new V1EnvVar { Name = "WATCH_NAMESPACE", Value = "" },
            FieldRef("POD_NAMESPACE", "metadata.namespace"),
            FieldRef("POD_NAME", "metadata.name"),
            .. RuntimeEnvironment.Variables.Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }),
        ],
        LivenessProbe = Probe("/healthz"),
        ReadinessProbe = Probe("/readyz"),
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("512Mi") },
        },
        SecurityContext = new V1SecurityContext
        {
            AllowPrivilegeEscalation = false,
            ReadOnlyRootFilesystem = true,
            RunAsNonRoot = true,
            Capabilities = new V1Capabilities { Drop = ["ALL"] },
        },
        VolumeMounts =
        [
            new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
        ],
    };

    private static V1EnvVar FieldRef(string name, string fieldPath) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = fieldPath } },
    };

    private static V1Probe Probe(string path) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = 10,
        FailureThreshold = 3,
    };
}
