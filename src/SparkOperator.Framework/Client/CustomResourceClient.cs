using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace SparkOperator.Framework.Client;

/// <summary>
/// Typed calls for one custom resource kind, which KubernetesClient's <c>GenericClient</c> lacks
/// (server-side apply, status subresource). Every write is a patch or an apply, never a PUT of an
/// object read earlier. Failures surface as <see cref="HttpOperationException"/>; a 409 conflict is
/// thrown, never swallowed, so the controller host retries the reconcile with a fresh object.
/// </summary>
/// <typeparam name="T">A custom resource type carrying <see cref="KubernetesEntityAttribute"/>.</typeparam>
public sealed class CustomResourceClient<T>(IKubernetes client, string fieldManager)
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly KubernetesEntityAttribute Meta = typeof(T).GetKubernetesTypeMetadata();

    /// <summary>The field manager of <see cref="ApplyAsync"/> and <see cref="ApplyStatusAsync"/>.</summary>
    public string FieldManager { get; } = fieldManager;

    /// <summary>Reads the object from the API server; null when it does not exist.</summary>
    public async Task<T?> GetAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<T>(Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }
    }

    /// <summary>Lists objects in <paramref name="ns"/> (all namespaces when null), optionally by label selector.</summary>
    public async Task<IReadOnlyList<T>> ListAsync(string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var list = ns is null
            ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<KubernetesList<T>>(Meta.Group, Meta.ApiVersion, Meta.PluralName, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync<KubernetesList<T>>(Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. list.Items ?? []];
    }

    /// <summary>Patches the object (JSON, merge or apply patch, as <paramref name="patch"/> says).</summary>
    public Task<T> PatchAsync(string ns, string name, V1Patch patch, CancellationToken cancellationToken = default) =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync<T>(
            patch, Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, name,
            fieldManager: patch.Type == V1Patch.PatchType.ApplyPatch ? FieldManager : null,
            force: patch.Type == V1Patch.PatchType.ApplyPatch ? true : null,
            cancellationToken: cancellationToken);

    /// <summary>
    /// Patches the status subresource. A merge patch carrying <c>metadata.resourceVersion</c> is
    /// conditional: it fails with 409 if the object changed since that version.
    /// </summary>
    public Task<T> PatchStatusAsync(string ns, string name, V1Patch patch, CancellationToken cancellationToken = default) =>
        client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<T>(
            patch, Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, name,
            fieldManager: patch.Type == V1Patch.PatchType.ApplyPatch ? FieldManager : null,
            force: patch.Type == V1Patch.PatchType.ApplyPatch ? true : null,
            cancellationToken: cancellationToken);

    /// <summary>Server-side applies <paramref name="desired"/> with this client's field manager and force.</summary>
    public Task<T> ApplyAsync(T desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return PatchAsync(desired.Metadata.NamespaceProperty, desired.Metadata.Name, ApplyPatch(desired), cancellationToken);
    }

    /// <summary>Server-side applies the status of <paramref name="desired"/> (only the fields it sets are owned).</summary>
    public Task<T> ApplyStatusAsync(T desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return PatchStatusAsync(desired.Metadata.NamespaceProperty, desired.Metadata.Name, ApplyPatch(desired), cancellationToken);
    }

    /// <summary>Deletes the object; a missing object counts as deleted.</summary>
    public async Task DeleteAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private static V1Patch ApplyPatch(T desired)
    {
        desired.ApiVersion ??= string.IsNullOrEmpty(Meta.Group) ? Meta.ApiVersion : $"{Meta.Group}/{Meta.ApiVersion}";
        desired.Kind ??= Meta.Kind;
        return new V1Patch(KubernetesJson.Serialize(desired), V1Patch.PatchType.ApplyPatch);
    }
}
