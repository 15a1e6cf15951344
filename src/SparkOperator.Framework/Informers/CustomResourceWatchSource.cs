using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// Watch source for a custom resource through the untyped custom-object calls (the typed watch
/// path is obsolete). LIST pages and watch events are read as raw JSON and each object is decoded
/// on its own with <see cref="KubernetesJson"/>: an API server stores objects its schema allows
/// that the operator's types cannot hold (an int32 field holding 2147483648), and decoding a page
/// at once would let one such object fail the LIST, and with it every namespace's cache. Such an
/// object is handed back as an <see cref="UndecodableObject"/> instead.
/// </summary>
internal sealed class CustomResourceWatchSource<T>(IKubernetes client) : IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly KubernetesEntityAttribute Meta = typeof(T).GetKubernetesTypeMetadata();

    public async Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        // A JsonDocument (pooled buffers, returned at Dispose) rather than a JsonElement (a copy of the
        // page): decoding a 500-item page this way costs about what the typed list did.
        using var document = ns is null
            ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonDocument>(
                Meta.Group, Meta.ApiVersion, Meta.PluralName, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonDocument>(
                Meta.Group, Meta.ApiVersion, ns, Meta.PluralName, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
        var list = document.RootElement;
        var items = new List<T>();
        var undecodable = new List<UndecodableObject>();
        if (list.ValueKind == JsonValueKind.Object && list.TryGetProperty("items", out var raw) && raw.ValueKind == JsonValueKind.Array)
        {
            items.Capacity = raw.GetArrayLength();
            foreach (var item in raw.EnumerateArray())
            {
                if (CustomObjectDecoder.TryDecode<T>(item, out var decoded, out var bad))
                {
                    items.Add(decoded);
                }
                else
                {
                    undecodable.Add(bad!);
                }
            }
        }

        var meta = list.ValueKind == JsonValueKind.Object && list.TryGetProperty("metadata", out var m) ? m : default;
        var token = Text(meta, "continue");
        return new ListPage<T>(items, Text(meta, "resourceVersion") ?? string.Empty, string.IsNullOrEmpty(token) ? null : token) { Undecodable = undecodable };
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? ns,
        string? labelSelector,
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        Action<WatchEventType, UndecodableObject> onUndecodable,
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
            if (CustomObjectDecoder.TryDecode<T>(element, out var decoded, out var bad))
            {
                yield return (type, decoded);
            }
            else
            {
                onUndecodable(type, bad!);
            }
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
