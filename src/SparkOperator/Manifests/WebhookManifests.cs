using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Manifests;
using SparkOperator.Hosting;

namespace SparkOperator.Manifests;

/// <summary>The admission webhook's Service and its ValidatingWebhookConfiguration.</summary>
internal static class WebhookManifests
{
    /// <summary>Name of the ValidatingWebhookConfiguration.</summary>
    public const string ConfigurationName = OperatorDefaults.Name;

    public static V1Service Service() => new()
    {
        ApiVersion = "v1",
        Kind = V1Service.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = OperatorDefaults.WebhookServiceName,
            NamespaceProperty = OperatorDefaults.Namespace,
            Labels = ManagerManifests.SelectorLabels(),
        },
        Spec = new V1ServiceSpec
        {
            Selector = ManagerManifests.SelectorLabels(),
            Ports = [new V1ServicePort { Name = "webhook", Port = 443, TargetPort = "webhook", Protocol = "TCP" }],
        },
    };

    /// <summary>How the installed API server reaches the webhook: through the Service. The caBundle is left to cert tooling.</summary>
    public static Admissionregistrationv1WebhookClientConfig ServiceClientConfig() => new()
    {
        Service = new Admissionregistrationv1ServiceReference
        {
            Name = OperatorDefaults.WebhookServiceName,
            NamespaceProperty = OperatorDefaults.Namespace,
            Path = OperatorDefaults.ValidateSparkApplicationPath,
            Port = 443,
        },
    };

    /// <summary>How the API server reaches a webhook served at <paramref name="baseUrl"/> (e.g. https://127.0.0.1:PORT), trusting <paramref name="caBundle"/> (PEM).</summary>
    public static Admissionregistrationv1WebhookClientConfig UrlClientConfig(Uri baseUrl, byte[] caBundle) => new()
    {
        Url = new Uri(baseUrl, OperatorDefaults.ValidateSparkApplicationPath).ToString(),
        CaBundle = caBundle,
    };

    /// <summary>
    /// The registration of the SparkApplication, SparkHistoryServer and ScheduledSparkApplication validating webhooks
    /// (CREATE and UPDATE) with the given client config: the Service variant for installs, or
    /// <c>url</c> + <c>caBundle</c> for a webhook served in-process, e.g.
    /// <c>https://127.0.0.1:PORT/validate/sparkapplications</c>; the others are called at their own paths.
    /// </summary>
    public static V1ValidatingWebhookConfiguration BuildValidatingConfiguration(Admissionregistrationv1WebhookClientConfig clientConfig) =>
        WebhookConfigurations.Validating(
            ConfigurationName,
            [
                Webhook(typeof(SparkApplication), clientConfig),

                // In the same configuration, so the caBundle the operator keeps covers it too.
                Webhook(typeof(SparkHistoryServer), WithPath(clientConfig, OperatorDefaults.ValidateSparkHistoryServerPath)),
                Webhook(typeof(ScheduledSparkApplication), WithPath(clientConfig, OperatorDefaults.ValidateScheduledSparkApplicationPath)),
            ]);

    private static V1ValidatingWebhook Webhook(Type entity, Admissionregistrationv1WebhookClientConfig clientConfig)
    {
        var webhook = WebhookConfigurations.ValidatingWebhook(entity, clientConfig, ["CREATE", "UPDATE"], timeoutSeconds: 10);

        // With failurePolicy Fail, a webhook that is down blocks every write it is called for. Only
        // writes that change spec need it, so removing a finalizer (and so deleting an application),
        // labelling or annotating never waits on it; nor does anything in the namespaces that must
        // keep working to bring the operator back.
        webhook.MatchConditions = [new V1MatchCondition { Name = "spec-written", Expression = SpecWrittenCondition }];
        webhook.NamespaceSelector = new V1LabelSelector
        {
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", OperatorProperty = "NotIn", Values = [.. ExemptNamespaces] },
            ],
        };
        return webhook;
    }

    /// <summary><paramref name="config"/> with the webhook's path replaced: the same Service or server, another endpoint.</summary>
    private static Admissionregistrationv1WebhookClientConfig WithPath(Admissionregistrationv1WebhookClientConfig config, string path) => new()
    {
        CaBundle = config.CaBundle,
        Service = config.Service is { } service
            ? new Admissionregistrationv1ServiceReference { Name = service.Name, NamespaceProperty = service.NamespaceProperty, Port = service.Port, Path = path }
            : null,
        Url = config.Url is { } url ? new Uri(new Uri(url), path).ToString() : null,
    };

    /// <summary>CEL: a CREATE, or an UPDATE whose spec differs from the stored one (or either lacks one).</summary>
    public const string SpecWrittenCondition =
        "request.operation != 'UPDATE' || !has(object.spec) || !has(oldObject.spec) || object.spec != oldObject.spec";

    /// <summary>Namespaces the webhook is never called for.</summary>
    public static IReadOnlyList<string> ExemptNamespaces { get; } = ["kube-system", OperatorDefaults.Namespace];
}
