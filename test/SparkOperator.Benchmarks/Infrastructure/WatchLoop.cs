using k8s;
using k8s.Models;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// A plain LIST-then-WATCH loop for the benchmark's own observers: every object is reported as
/// Added on (re)list, then every change; errors (an API server restart) relist after a short pause.
/// </summary>
internal static class WatchLoop
{
    public static async Task RunAsync<T>(
        Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
        Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        Action<WatchEventType, T> onEvent,
        CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (items, rv) = await list(cancellationToken);
                    foreach (var item in items)
                    {
                        onEvent(WatchEventType.Added, item);
                    }

                    resourceVersion = rv;
                }

                await foreach (var (type, obj) in watch(resourceVersion, cancellationToken))
                {
                    if (type == WatchEventType.Error)
                    {
                        resourceVersion = null;
                        break;
                    }

                    if (!string.IsNullOrEmpty(obj?.Metadata?.ResourceVersion))
                    {
                        resourceVersion = obj.Metadata.ResourceVersion;
                    }

                    if (type != WatchEventType.Bookmark && obj is not null)
                    {
                        onEvent(type, obj);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                resourceVersion = null;
                try
                {
                    await Task.Delay(300, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public static Task PodsAsync(IKubernetes client, string labelSelector, Action<WatchEventType, V1Pod> onEvent, CancellationToken cancellationToken) =>
        RunAsync(
            async ct =>
            {
                var list = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct);
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (rv, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(labelSelector: labelSelector, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 300, cancellationToken: ct),
            onEvent,
            cancellationToken);

    public static Task JobsAsync(IKubernetes client, string labelSelector, Action<WatchEventType, V1Job> onEvent, CancellationToken cancellationToken) =>
        RunAsync(
            async ct =>
            {
                var list = await client.BatchV1.ListJobForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct);
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (rv, ct) => client.BatchV1.WatchListJobForAllNamespacesAsync(labelSelector: labelSelector, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 300, cancellationToken: ct),
            onEvent,
            cancellationToken);
}
