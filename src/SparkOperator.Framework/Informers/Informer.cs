using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SparkOperator.Framework.Queue;
using SparkOperator.Framework.Runtime;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// LIST-then-WATCH loop of one kind in one namespace (or all, <c>null</c>), feeding a shared store.
/// States: <c>List</c> (paged, then diff against the store so gaps surface as Modified/Deleted)
/// then <c>Watch</c> from the list's resourceVersion with bookmarks and a server timeout. The
/// resourceVersion follows every event and bookmark. A stream end re-watches from the last
/// resourceVersion; a 410 (Gone/Expired) relists; any other error waits an exponential backoff
/// (reset once a watch delivers or a list succeeds); a watch silent past the idle timeout is
/// cancelled and replaced. Event handlers run inline and must not block. A stored object that
/// cannot be decoded is skipped and reported (<see cref="UndecodableReporter"/>) without failing
/// the list or the watch: the store keeps whatever it held for it (an older version, or nothing),
/// a relist does not take it for deleted, and its deletion still removes it. Its progress,
/// heartbeat and failures are exposed for the health checks (<see cref="IInformerLoop"/>).
/// </summary>
internal sealed class Informer<T>(
    IWatchSource<T> source,
    ResourceStore<T> store,
    string? ns,
    InformerOptions options,
    Action<InformerEvent<T>> onEvent,
    ILogger logger,
    TimeProvider? time = null,
    UndecodableReporter? undecodable = null,
    FrameworkMetrics? metrics = null)
    : IInformerLoop
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly UndecodableReporter _undecodable = undecodable ?? new UndecodableReporter(null, logger, metrics);
    private readonly ExponentialBackoff _backoff = new(options.BackoffInitial, options.BackoffMax, 0.2);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;
    private long _lastProgress;
    private long _lastHeartbeat;
    private long _failingSince;
    private int _state;

    /// <summary>The resourceVersion the next watch starts from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Completes after the first successful LIST.</summary>
    public Task Synced => _synced.Task;

    /// <summary>Number of relists after the first one (410s and list retries).</summary>
    public int Relists { get; private set; }

    /// <summary>Number of watches the idle watchdog cancelled.</summary>
    public int WatchdogRestarts { get; private set; }

    public string KindName => Kind;

    public string? Namespace => ns;

    public InformerLoopState State => (InformerLoopState)Volatile.Read(ref _state);

    public bool HasSynced => _synced.Task.IsCompleted;

    public int ConsecutiveFailures => Volatile.Read(ref _failures);

    public TimeSpan FailingFor => Volatile.Read(ref _failingSince) is var since and not 0 ? _time.GetElapsedTime(since) : TimeSpan.Zero;

    public TimeSpan SinceProgress => _time.GetElapsedTime(Volatile.Read(ref _lastProgress));

    public TimeSpan SinceHeartbeat => _time.GetElapsedTime(Volatile.Read(ref _lastHeartbeat));

    private static string Kind => typeof(T).Name;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        Volatile.Write(ref _lastProgress, now);
        Volatile.Write(ref _lastHeartbeat, now);
        Volatile.Write(ref _state, (int)InformerLoopState.Running);
        try
        {
            await LoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogCritical(e, "{Kind} informer in {Namespace} ended unexpectedly; its cache no longer follows the API server", Kind, ns ?? "*");
            throw;
        }
        finally
        {
            var end = cancellationToken.IsCancellationRequested ? InformerLoopState.Stopped : InformerLoopState.Faulted;
            Volatile.Write(ref _state, (int)end);
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        store.AddSource();
        var needList = true;
        var firstList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            Beat();
            try
            {
                if (needList)
                {
                    await ListAndDiffAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                    if (firstList)
                    {
                        firstList = false;
                        store.MarkSourceSynced();
                        _synced.TrySetResult();
                    }
                    else
                    {
                        Relists++;
                    }
                }

                var outcome = await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
                metrics?.WatchRestarts.Add(1, new("kind", Kind), new("reason", outcome.ToString()));
                switch (outcome)
                {
                    case WatchOutcome.Gone:
                        logger.LogInformation("Watch of {Kind} in {Namespace} expired (410); relisting", Kind, ns ?? "*");
                        needList = true;
                        break;
                    case WatchOutcome.Failed:
                        await BackoffAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Gone)
            {
                needList = true;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "{Kind} informer in {Namespace} failed; retrying", Kind, ns ?? "*");
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ListAndDiffAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var undecodable = new List<UndecodableObject>();
        string? token = null;
        string resourceVersion;
        do
        {
            var page = await source.ListAsync(ns, options.LabelSelector, options.PageSize, token, cancellationToken).ConfigureAwait(false);
            MarkProgress();
            items.AddRange(page.Items);
            undecodable.AddRange(page.Undecodable);
            token = page.Continue;
            resourceVersion = page.ResourceVersion;
        }
        while (token is not null);

        // Objects that exist but cannot be decoded are not deletions: what the store holds for them stays.
        var seen = new HashSet<ObjectKey>(undecodable.Select(u => u.Key));
        foreach (var bad in undecodable)
        {
            _undecodable.Report(Kind, bad);
        }

        foreach (var item in items)
        {
            seen.Add(ObjectKey.Of(item));
            var old = store.Upsert(item);
            if (old is null)
            {
                onEvent(new(WatchEventType.Added, item, default));
            }
            else if (old.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
            {
                onEvent(new(WatchEventType.Modified, item, old));
            }
        }

        foreach (var key in store.Keys(ns).Where(k => !seen.Contains(k)))
        {
            if (store.Remove(key) is { } gone)
            {
                onEvent(new(WatchEventType.Deleted, gone, gone));
            }
        }

        ResourceVersion = resourceVersion;
    }

    private async Task<WatchOutcome> WatchOnceAsync(CancellationToken cancellationToken)
    {
        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = _time.GetTimestamp();
        var lastActivity = started;
        var idleFired = false;
        using var watchdog = _time.CreateTimer(
            _ =>
            {
                if (_time.GetElapsedTime(Volatile.Read(ref lastActivity)) >= options.IdleTimeout)
                {
                    idleFired = true;
                    watchCts.Cancel();
                }
            },
            null,
            options.IdleTimeout / 4,
            options.IdleTimeout / 4);

        Exception? error = null;
        var timeout = (int)(options.WatchTimeout + (options.WatchTimeoutJitter * Random.Shared.NextDouble())).TotalSeconds;
        try
        {
            var events = source.WatchAsync(
                ns,
                options.LabelSelector,
                ResourceVersion ?? "0",
                Math.Max(timeout, 1),
                e =>
                {
                    error ??= e;
                    watchCts.Cancel();
                },
                (type, bad) =>
                {
                    Volatile.Write(ref lastActivity, _time.GetTimestamp());
                    MarkProgress();
                    ApplyUndecodable(type, bad);
                },
                watchCts.Token);
            await foreach (var (type, obj) in events.WithCancellation(watchCts.Token).ConfigureAwait(false))
            {
                Volatile.Write(ref lastActivity, _time.GetTimestamp());
                MarkProgress();
                Apply(type, obj);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (idleFired || error is not null))
        {
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            error ??= e;
        }

        if (error is KubernetesException { Status.Code: 410 } || error is HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Gone })
        {
            return WatchOutcome.Gone;
        }

        if (error is not null)
        {
            logger.LogWarning(error, "Watch of {Kind} in {Namespace} failed", Kind, ns ?? "*");
            return WatchOutcome.Failed;
        }

        if (idleFired)
        {
            WatchdogRestarts++;
            logger.LogWarning("Watch of {Kind} in {Namespace} idle for {Idle}; replacing it", Kind, ns ?? "*", options.IdleTimeout);
            return WatchOutcome.Idle;
        }

        cancellationToken.ThrowIfCancellationRequested();

        // A watch the server held open for about the time asked shows it answering, even on a quiet
        // kind without events or bookmarks; one closed at once (a proxy cutting it) does not.
        if (_time.GetElapsedTime(started) >= TimeSpan.FromSeconds(timeout / 2.0))
        {
            MarkProgress();
        }

        return WatchOutcome.Ended;
    }

    private void Apply(WatchEventType type, T obj)
    {
        if (!string.IsNullOrEmpty(obj.Metadata?.ResourceVersion))
        {
            ResourceVersion = obj.Metadata.ResourceVersion;
        }

        switch (type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                var old = store.Upsert(obj);
                onEvent(new(old is null ? WatchEventType.Added : WatchEventType.Modified, obj, old));
                break;
            case WatchEventType.Deleted:
                var removed = store.Remove(ObjectKey.Of(obj));
                onEvent(new(WatchEventType.Deleted, obj, removed));
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// An event whose object cannot be decoded still moves the resourceVersion on, and a deletion
    /// still removes what the store held; anything else leaves the store as it is and is reported.
    /// </summary>
    private void ApplyUndecodable(WatchEventType type, UndecodableObject bad)
    {
        if (!string.IsNullOrEmpty(bad.Identity.Metadata.ResourceVersion))
        {
            ResourceVersion = bad.Identity.Metadata.ResourceVersion;
        }

        if (type == WatchEventType.Deleted)
        {
            if (store.Remove(bad.Key) is { } removed)
            {
                onEvent(new(WatchEventType.Deleted, removed, removed));
            }

            return;
        }

        if (type is WatchEventType.Added or WatchEventType.Modified)
        {
            _undecodable.Report(Kind, bad);
        }
    }

    private async Task BackoffAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        Interlocked.CompareExchange(ref _failingSince, now, 0);
        Volatile.Write(ref _lastHeartbeat, now);
        var delay = _backoff.Delay(Interlocked.Increment(ref _failures));
        logger.LogDebug("{Kind} informer in {Namespace} waits {Delay} before retrying", Kind, ns ?? "*", delay.ToString("c", CultureInfo.InvariantCulture));
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        Beat();
    }

    /// <summary>The API server answered: the loop is not failing.</summary>
    private void MarkProgress()
    {
        var now = _time.GetTimestamp();
        Volatile.Write(ref _failures, 0);
        Volatile.Write(ref _failingSince, 0);
        Volatile.Write(ref _lastProgress, now);
        Volatile.Write(ref _lastHeartbeat, now);
    }

    private void Beat() => Volatile.Write(ref _lastHeartbeat, _time.GetTimestamp());

    private enum WatchOutcome
    {
        Ended,
        Gone,
        Failed,
        Idle,
    }
}
