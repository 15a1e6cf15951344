using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// Watch source for a custom resource: typed paged LIST into <see cref="KubernetesList{T}"/>, and
/// the untyped <c>WatchList*CustomObjectAsync</c> whose <see cref="JsonElement"/> payloads are
/// deserialised with <see cref="KubernetesJson"/> (the typed watch path is obsolete).
/// </summary>
internal sealed class CustomResourceWatchSource<T>(IKubernetes client) : IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly KubernetesEntityAttribute Meta = typeof(T).GetKubernetesTypeMetadata();

    public async Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        var list = ns is null
            ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<KubernetesList<T>>(
                Meta.Group, Meta.ApiVersion, Meta.PluralName, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync<KubernetesList<T>>(
                Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
        var token = list.Metadata?.ContinueProperty;
        return new ListPage<T>([.. list.Items ?? []], list.Metadata?.ResourceVersion ?? string.Empty, string.IsNullOrEmpty(token) ? null : token);
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? ns, string? labelSelector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = ns is null
            ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                Meta.Group, Meta.ApiVersion, Meta.PluralName, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
            : client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, payload) in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var element = payload is JsonElement json ? json : JsonSerializer.SerializeToElement(payload);
            yield return (type, KubernetesJson.Deserialize<T>(element));
        }
    }
}
