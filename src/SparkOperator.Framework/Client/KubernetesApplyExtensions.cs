using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace SparkOperator.Framework.Client;

/// <summary>
/// Server-side apply of built-in children through the typed <c>Patch*Async</c> calls with a field
/// manager and <c>force</c>: the API server merges the fields this manager owns and takes them over
/// from other managers; fields the desired object omits are released, not deleted, unless this
/// manager owned them. Supported kinds: ConfigMap, Secret, Service, ServiceAccount, Pod, Job, Role,
/// RoleBinding, Deployment, Ingress. Sets <c>apiVersion</c>/<c>kind</c> on the desired object when missing.
/// </summary>
public static class KubernetesApplyExtensions
{
    /// <summary>
    /// Creates <paramref name="desired"/> with a plain POST and, only when it already exists (409)
    /// and is controlled by the same owner as <paramref name="desired"/> (the UID of its controller
    /// ownerReference), server-side applies it. For objects that are new almost every time (an
    /// attempt's children, named per attempt) this costs the API server a create instead of an
    /// apply; a replayed attempt (after a crash) still converges through the apply. An existing
    /// object of that name that the owner does not control is left untouched and returned as
    /// <see cref="ChildWrite{T}.Foreign"/>: taking it over would hand a stranger's object to the
    /// garbage collector with the owner.
    /// </summary>
    public static async Task<ChildWrite<T>> CreateOrApplyAsync<T>(this IKubernetes client, T desired, string fieldManager, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        try
        {
            object created = desired switch
            {
                V1ConfigMap o => await client.CoreV1.CreateNamespacedConfigMapAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Secret o => await client.CoreV1.CreateNamespacedSecretAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Service o => await client.CoreV1.CreateNamespacedServiceAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1ServiceAccount o => await client.CoreV1.CreateNamespacedServiceAccountAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Pod o => await client.CoreV1.CreateNamespacedPodAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Job o => await client.BatchV1.CreateNamespacedJobAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Role o => await client.RbacAuthorizationV1.CreateNamespacedRoleAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1RoleBinding o => await client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Deployment o => await client.AppsV1.CreateNamespacedDeploymentAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Ingress o => await client.NetworkingV1.CreateNamespacedIngressAsync(o, ns, fieldManager: fieldManager, cancellationToken: cancellationToken).ConfigureAwait(false),
                _ => throw new NotSupportedException($"Create of {typeof(T).Name} is not supported; use CustomResourceClient for custom resources."),
            };
            return new ChildWrite<T>((T)created, null);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await client.ReadAsync(desired, cancellationToken).ConfigureAwait(false);
            var owner = desired.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid;
            var controller = existing.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid;
            if (owner is null || owner != controller)
            {
                return new ChildWrite<T>(null, existing);
            }

            return new ChildWrite<T>(await client.ApplyAsync(desired, fieldManager, cancellationToken).ConfigureAwait(false), null);
        }
    }

    /// <summary>Reads the stored object of <paramref name="desired"/>'s kind, name and namespace.</summary>
    public static async Task<T> ReadAsync<T>(this IKubernetes client, T desired, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(desired);
        var (name, ns) = (desired.Metadata.Name, desired.Metadata.NamespaceProperty);
        object stored = desired switch
        {
            V1ConfigMap => await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Secret => await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Service => await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ServiceAccount => await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Pod => await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Job => await client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Role => await client.RbacAuthorizationV1.ReadNamespacedRoleAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1RoleBinding => await client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Deployment => await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Ingress => await client.NetworkingV1.ReadNamespacedIngressAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"Read of {typeof(T).Name} is not supported; use CustomResourceClient for custom resources."),
        };
        return (T)stored;
    }

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
            V1Deployment => await client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Ingress => await client.NetworkingV1.PatchNamespacedIngressAsync(patch, name, ns, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"Server-side apply of {typeof(T).Name} is not supported; use CustomResourceClient for custom resources."),
        };
        return (T)result;
    }
}
