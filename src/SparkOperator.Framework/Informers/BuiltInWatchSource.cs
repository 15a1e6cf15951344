using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// Watch source for a built-in kind through the typed, non-obsolete KubernetesClient calls
/// (<c>List*/WatchList*</c>), chosen by a small table of supported kinds. Pages and events are
/// decoded whole by the typed calls: the API server checks built-in objects against their Go
/// types, which KubernetesClient's models mirror, so an object they cannot hold is not expected
/// (one would still fail its page, or the watch through <c>onError</c>, as before).
/// </summary>
internal sealed class BuiltInWatchSource<T>(IKubernetes client) : IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Whether <typeparamref name="T"/> is a built-in kind this source supports.</summary>
    public static bool Supports => typeof(T) == typeof(V1Pod) || typeof(T) == typeof(V1Job)
        || typeof(T) == typeof(V1ConfigMap) || typeof(T) == typeof(V1Service) || typeof(T) == typeof(V1Secret) || typeof(T) == typeof(V1Deployment);

    public async Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        object list = typeof(T).Name switch
        {
            nameof(V1Pod) => ns is null
                ? await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            nameof(V1Job) => ns is null
                ? await client.BatchV1.ListJobForAllNamespacesAsync(continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.BatchV1.ListNamespacedJobAsync(ns, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            nameof(V1ConfigMap) => ns is null
                ? await client.CoreV1.ListConfigMapForAllNamespacesAsync(continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedConfigMapAsync(ns, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            nameof(V1Service) => ns is null
                ? await client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            nameof(V1Secret) => ns is null
                ? await client.CoreV1.ListSecretForAllNamespacesAsync(continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedSecretAsync(ns, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            nameof(V1Deployment) => ns is null
                ? await client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: continueToken, labelSelector: labelSelector, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"No built-in watch source for {typeof(T).Name}."),
        };
        var meta = ((IMetadata<V1ListMeta>)list).Metadata;
        var items = list switch
        {
            IItems<V1Pod> pods => pods.Items.Cast<T>().ToList(),
            IItems<V1Job> jobs => jobs.Items.Cast<T>().ToList(),
            IItems<V1ConfigMap> configMaps => configMaps.Items.Cast<T>().ToList(),
            IItems<V1Service> services => services.Items.Cast<T>().ToList(),
            IItems<V1Secret> secrets => secrets.Items.Cast<T>().ToList(),
            IItems<V1Deployment> deployments => deployments.Items.Cast<T>().ToList(),
            _ => throw new NotSupportedException(list.GetType().Name),
        };
        return new ListPage<T>(items, meta.ResourceVersion, string.IsNullOrEmpty(meta.ContinueProperty) ? null : meta.ContinueProperty);
    }

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? ns,
        string? labelSelector,
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        Action<WatchEventType, UndecodableObject> onUndecodable,
        CancellationToken cancellationToken)
    {
        var watch = typeof(T).Name switch
        {
            nameof(V1Pod) => ns is null
                ? (object)client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            nameof(V1Job) => ns is null
                ? client.BatchV1.WatchListJobForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.BatchV1.WatchListNamespacedJobAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            nameof(V1ConfigMap) => ns is null
                ? client.CoreV1.WatchListConfigMapForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            nameof(V1Service) => ns is null
                ? client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.CoreV1.WatchListNamespacedServiceAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            nameof(V1Secret) => ns is null
                ? client.CoreV1.WatchListSecretForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.CoreV1.WatchListNamespacedSecretAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            nameof(V1Deployment) => ns is null
                ? client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
                : client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken),
            _ => throw new NotSupportedException($"No built-in watch source for {typeof(T).Name}."),
        };
        return (IAsyncEnumerable<(WatchEventType, T)>)watch;
    }
}
