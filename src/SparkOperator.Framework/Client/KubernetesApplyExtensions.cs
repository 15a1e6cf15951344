using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Client;

/// <summary>
/// Server-side apply of built-in children through the typed <c>Patch*Async</c> calls with a field
/// manager and <c>force</c>: the API server merges the fields this manager owns and takes them over
/// from other managers; fields the desired object omits are released, not deleted, unless this
/// manager owned them. Supported kinds: ConfigMap, Secret, Service, ServiceAccount, Pod, Job, Role,
/// RoleBinding. Sets <c>apiVersion</c>/<c>kind</c> on the desired object when missing.
/// </summary>
public static class KubernetesApplyExtensions
{
    /// <summary>Applies <paramref name="desired"/> and returns the object as stored.</summary>
    public static async Task<T> ApplyAsync<T>(this IKubernetes client, T desired, string fieldManager, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(desired);
        var meta = typeof(T).GetKubernetesTypeMetadata();
        desired.ApiVersion ??= string.IsNullOrEmpty(meta.Group) ? meta.ApiVersion : $"{meta.Group}/{meta.ApiVersion}";
        desired.Kind ??= meta.Kind;
        var patch = new V1Patch(KubernetesJson.Serialize(desired), V1Patch.PatchType.ApplyPatch);
        var (name, ns) = (desired.Metadata.Name, desired.Metadata.NamespaceProperty);
        object result = desired switch
        {
            V1ConfigMap => await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Secret => await client.CoreV1.PatchNamespacedSecretAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Service => await client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ServiceAccount => await client.CoreV1.PatchNamespacedServiceAccountAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Pod => await client.CoreV1.PatchNamespacedPodAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Job => await client.BatchV1.PatchNamespacedJobAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Role => await client.RbacAuthorizationV1.PatchNamespacedRoleAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1RoleBinding => await client.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"Server-side apply of {typeof(T).Name} is not supported; use CustomResourceClient for custom resources."),
        };
        return (T)result;
    }
}
