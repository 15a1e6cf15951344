using System.Reflection;
using k8s.Models;
using SparkOperator.Framework.Crds;

namespace SparkOperator.Framework.Manifests;

/// <summary>Builders for admission webhook registrations of entity types.</summary>
public static class WebhookConfigurations
{
    /// <summary>
    /// A validating webhook for <paramref name="entityType"/>: failurePolicy Fail, sideEffects None,
    /// admissionReviewVersions v1, for the given operations on the entity's resource in its own
    /// group and version.
    /// </summary>
    /// <param name="entityType">A class with <see cref="KubernetesEntityAttribute"/>.</param>
    /// <param name="clientConfig">Where the API server calls: a Service reference or a URL, with the caBundle that signs it.</param>
    /// <param name="operations">CREATE, UPDATE, DELETE or CONNECT.</param>
    /// <param name="timeoutSeconds">How long the API server waits (1–30).</param>
    /// <returns>A webhook named <c>validate.{plural}.{group}</c>.</returns>
    public static V1ValidatingWebhook ValidatingWebhook(
        Type entityType,
        Admissionregistrationv1WebhookClientConfig clientConfig,
        IEnumerable<string> operations,
        int timeoutSeconds = 10)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var entity = entityType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{entityType.Name} has no [KubernetesEntity].", nameof(entityType));
        var plural = CrdGenerator.Plural(entity);
        return new V1ValidatingWebhook
        {
            Name = $"validate.{plural}.{entity.Group}",
            ClientConfig = clientConfig,
            Rules =
            [
                new V1RuleWithOperations
                {
                    ApiGroups = [entity.Group],
                    ApiVersions = [entity.ApiVersion],
                    Operations = [.. operations],
                    Resources = [plural],
                    Scope = entityType.GetCustomAttribute<Entities.ClusterScopedAttribute>() is null ? "Namespaced" : "Cluster",
                },
            ],
            FailurePolicy = "Fail",
            SideEffects = "None",
            AdmissionReviewVersions = ["v1"],
            TimeoutSeconds = timeoutSeconds,
        };
    }

    /// <summary>A ValidatingWebhookConfiguration holding <paramref name="webhooks"/>.</summary>
    public static V1ValidatingWebhookConfiguration Validating(string name, IEnumerable<V1ValidatingWebhook> webhooks) => new()
    {
        ApiVersion = $"{V1ValidatingWebhookConfiguration.KubeGroup}/{V1ValidatingWebhookConfiguration.KubeApiVersion}",
        Kind = V1ValidatingWebhookConfiguration.KubeKind,
        Metadata = new V1ObjectMeta { Name = name },
        Webhooks = [.. webhooks],
    };
}
