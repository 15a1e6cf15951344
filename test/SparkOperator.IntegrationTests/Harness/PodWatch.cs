using k8s;
using k8s.Models;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// Watches pods matching a selector for the length of a test and remembers the most that existed
/// at once (not being deleted), so "never two drivers at once" is checked at every moment, not
/// only when the test happens to look.
/// </summary>
public sealed class PodWatch : IAsyncDisposable
{
    private readonly Dictionary<string, V1Pod> live = new(StringComparer.Ordinal);
    private readonly HashSet<string> everSeen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Action<string> log;

    private PodWatch(IKubernetes client, string ns, string labelSelector, Action<string> log)
    {
        this.log = log;
        loop = RunAsync(client, ns, labelSelector);
    }

    /// <summary>The most matching pods that existed (and were not being deleted) at one moment.</summary>
    public int MaxAtOnce { get; private set; }

    /// <summary>Names of every matching pod seen.</summary>
    public IReadOnlyCollection<string> Names
    {
        get
        {
            lock (live)
            {
                return [.. everSeen];
            }
        }
    }

    public static PodWatch Start(IKubernetes client, string ns, string labelSelector, Action<string> log) => new(client, ns, labelSelector, log);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task RunAsync(IKubernetes client, string ns, string labelSelector)
    {
        string? resourceVersion = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: stop.Token);
                    foreach (var pod in list.Items)
                    {
                        Observe(WatchEventType.Added, pod);
                    }

                    resourceVersion = list.ResourceVersion();
                }

                var events = client.CoreV1.WatchListNamespacedPodAsync(
                    ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, cancellationToken: stop.Token);
                await foreach (var (type, pod) in events.WithCancellation(stop.Token))
                {
                    resourceVersion = pod.ResourceVersion();
                    Observe(type, pod);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log($"pod watch restarts after: {e.Message}");
                resourceVersion = null;
                await Task.Delay(200, stop.Token);
            }
        }
    }

    private void Observe(WatchEventType type, V1Pod pod)
    {
        if (type == WatchEventType.Bookmark)
        {
            return;
        }

        lock (live)
        {
            everSeen.Add(pod.Name());
            if (type == WatchEventType.Deleted || pod.Metadata.DeletionTimestamp is not null)
            {
                live.Remove(pod.Name());
            }
            else
            {
                live[pod.Name()] = pod;
            }

            MaxAtOnce = Math.Max(MaxAtOnce, live.Count);
            if (type != WatchEventType.Modified)
            {
                log($"pod {type} {pod.Name()} ({live.Count} live)");
            }
        }
    }
}
