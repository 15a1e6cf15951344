using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Queue;
using SparkOperator.Framework.Runtime;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Framework.Controllers;

/// <summary>
/// Runs one controller: informer events become keys in one work queue; N workers take a key, read
/// the latest cached object and either run the deletion branch (finalizers, then removal of ours),
/// or ensure our finalizers and reconcile. Exceptions requeue with per-key backoff; a requeue
/// request resets the backoff and schedules the key; success resets the backoff. A terminal
/// outcome resets the backoff, is not requeued, and is reported (Warning log, Warning Event) only
/// when it differs from the last one reported for the object. A finalizer asking to be run again
/// requeues the key after its delay. Every cached object is re-queued each resync period.
/// </summary>
internal sealed class ControllerHost<TController, TEntity> : IControllerHost, IDisposable
    where TController : class, IEntityController<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly IServiceProvider _services;
    private readonly InformerRegistry _informers;
    private readonly ControllerRegistration<TEntity> _registration;
    private readonly IReadOnlyList<FinalizerRegistration<TEntity>> _finalizers;
    private readonly CustomResourceClient<TEntity> _client;
    private readonly OperatorOptions _options;
    private readonly IEventRecorder _events;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FrameworkMetrics _metrics;
    private readonly ConcurrentDictionary<ObjectKey, TEntity> _tombstones = new();
    private readonly TerminalReports _terminal = new();
    private readonly List<Task> _workers = [];
    private CancellationTokenSource? _cts;
    private ITimer? _resync;
    private SharedInformer<TEntity>? _informer;
    private volatile bool _stopping;
    private long _lastFinished;

    public ControllerHost(
        IServiceProvider services,
        InformerRegistry informers,
        ControllerRegistration<TEntity> registration,
        IEnumerable<FinalizerRegistration<TEntity>> finalizers,
        CustomResourceClient<TEntity> client,
        IOptions<OperatorOptions> options,
        IEventRecorder events,
        ILoggerFactory loggers,
        TimeProvider time)
    {
        _services = services;
        _informers = informers;
        _registration = registration;
        _finalizers = [.. finalizers];
        _client = client;
        _options = options.Value;
        _events = events;
        _time = time;
        _logger = loggers.CreateLogger($"SparkOperator.Framework.Controller.{typeof(TController).Name}");
        _metrics = services.GetRequiredService<FrameworkMetrics>();
        Queue = new WorkQueue<ObjectKey>(time, new ExponentialBackoff(_options.RetryInitialDelay, _options.RetryMaxDelay));
        Queue.OnWaited = waited => _metrics.QueueWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("controller", Name));
    }

    public string Name => typeof(TController).Name;

    public WorkQueue<ObjectKey> Queue { get; }

    public bool WorkersFaulted
    {
        get
        {
            lock (_workers)
            {
                return Running && _workers.Any(w => w.IsCompleted);
            }
        }
    }

    public TimeSpan StalledFor
    {
        get
        {
            if (!Running)
            {
                return TimeSpan.Zero;
            }

            var sinceFinished = _time.GetElapsedTime(Volatile.Read(ref _lastFinished));
            var waited = Queue.LongestWait;
            return waited < sinceFinished ? waited : sinceFinished;
        }
    }

    /// <summary>Workers were started and not asked to stop (by StopAsync, the host, or a lost lease).</summary>
    private bool Running => Volatile.Read(ref _cts) is { IsCancellationRequested: false } && !_stopping;

    public void Prepare()
    {
        _informer = _informers.Get<TEntity>();
        _informer.Subscribe(change =>
        {
            var key = ObjectKey.Of(change.Object);
            if (change.Type == WatchEventType.Deleted)
            {
                _tombstones[key] = change.Object;
            }

            if (PrimaryChangeFilter.ShouldEnqueue(change))
            {
                Queue.Add(key);
            }
        });
        foreach (var watch in _registration.ChildWatches)
        {
            watch(_informers, Queue.Add);
        }

        _metrics.TrackQueue(Name, () => Queue.Count);
    }

    public void Start(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastFinished, _time.GetTimestamp());
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cts.Token;
        lock (_workers)
        {
            for (var i = 0; i < Math.Max(1, _options.Workers); i++)
            {
                _workers.Add(Task.Run(() => WorkAsync(token), CancellationToken.None));
            }
        }

        Volatile.Write(ref _cts, cts);

        if (_options.ResyncPeriod > TimeSpan.Zero)
        {
            _resync = _time.CreateTimer(_ => Resync(), null, _options.ResyncPeriod, _options.ResyncPeriod);
        }

        // Keys queued before the workers started are simply waiting; nothing else to replay.
        _logger.LogInformation("Controller {Controller} started with {Workers} workers", Name, _workers.Count);
    }

    public async Task StopAsync(TimeSpan timeout)
    {
        // Queued keys are dropped (the next start relists and reconciles everything anyway);
        // in-flight reconciles get the timeout to finish, then their token is cancelled.
        _stopping = true;
        Queue.ShutDown();
        _resync?.Dispose();
        _metrics.UntrackQueue(Name);
        if (_cts is null)
        {
            return;
        }

        var all = Task.WhenAll(_workers);
        if (await Task.WhenAny(all, Task.Delay(timeout, _time, CancellationToken.None)).ConfigureAwait(false) != all)
        {
            _logger.LogWarning("Controller {Controller} still busy after {Timeout}; cancelling its reconciles", Name, timeout);
            await _cts.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), _time, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _resync?.Dispose();
        _cts?.Dispose();
        Queue.Dispose();
    }

    private void Resync()
    {
        foreach (var entity in _informer?.Store.List() ?? [])
        {
            Queue.Add(ObjectKey.Of(entity));
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey key;
            try
            {
                (key, var shuttingDown) = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
                if (shuttingDown)
                {
                    return;
                }

                if (_stopping)
                {
                    Queue.Done(key);
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
                Volatile.Write(ref _lastFinished, _time.GetTimestamp());
            }
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        using var activity = FrameworkTelemetry.ActivitySource.StartActivity($"reconcile {Name}", ActivityKind.Internal);
        activity?.SetTag("k8s.namespace.name", key.Namespace);
        activity?.SetTag("k8s.object.name", key.Name);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["Controller"] = Name, ["Namespace"] = key.Namespace, ["Name"] = key.Name });
        var started = _time.GetTimestamp();
        string result;
        try
        {
            result = await ReconcileKeyAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = "cancelled";
        }
        catch (Exception e)
        {
            var delay = Queue.AddRateLimited(key);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            if (e is HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict })
            {
                // A write from a stale cache refused by its resourceVersion: optimistic concurrency at
                // work, retried with the fresh object, not a failure to alert on.
                result = "conflict";
                _logger.LogDebug("Conflict reconciling {Key}; retrying in {Delay}", key, delay);
            }
            else
            {
                result = "error";
                _logger.LogError(e, "Reconcile of {Key} failed (attempt {Attempt}); retrying in {Delay}", key, Queue.Failures(key), delay);
            }
        }

        var tags = new TagList { { "controller", Name }, { "result", result } };
        _metrics.Reconciles.Add(1, tags);
        _metrics.ReconcileDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("controller", Name));
        activity?.SetTag("operator.result", result);
    }

    private async Task<string> ReconcileKeyAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var cached = _informer!.Store.Find(key.Namespace, key.Name);
        if (cached is null)
        {
            Queue.Forget(key);
            _terminal.Clear(key);
            if (_tombstones.TryRemove(key, out var gone))
            {
                await scope.ServiceProvider.GetRequiredService<TController>().DeletedAsync(Copy(gone), cancellationToken).ConfigureAwait(false);
            }

            return "deleted";
        }

        _tombstones.TryRemove(key, out _);

        // Controllers get their own copy: a change they make to it must never leak into the cache.
        var entity = Copy(cached);
        if (entity.Metadata.DeletionTimestamp is not null)
        {
            var finalized = await FinalizeAsync(scope.ServiceProvider, entity, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (finalized.RetryDelay is { } retry)
            {
                Queue.AddAfter(key, retry);
                return "finalizing";
            }

            return "finalized";
        }

        foreach (var finalizer in _finalizers)
        {
            if (FinalizerPatches.Add(entity.Metadata, finalizer.Name) is { } patch)
            {
                entity = await _client.PatchAsync(key.Namespace, key.Name, new V1Patch(patch, V1Patch.PatchType.JsonPatch), cancellationToken).ConfigureAwait(false);
                _logger.LogDebug("Added finalizer {Finalizer} to {Key}", finalizer.Name, key);
            }
        }

        var controller = scope.ServiceProvider.GetRequiredService<TController>();

        // What the Event names, taken before the controller may change its copy.
        var identity = InvolvedObject.Of(entity);
        var outcome = await controller.ReconcileAsync(entity, cancellationToken).ConfigureAwait(false);
        Queue.Forget(key);
        if (outcome.IsTerminal)
        {
            ReportTerminal(key, identity, outcome.Reason!, outcome.Message ?? string.Empty);
            return "terminal";
        }

        _terminal.Clear(key);
        if (outcome.RequeueAfter is { } after)
        {
            Queue.AddAfter(key, after);
            return "requeue";
        }

        return "success";
    }

    private static TEntity Copy(TEntity cached) => KubernetesJson.Deserialize<TEntity>(KubernetesJson.Serialize(cached));

    /// <summary>Logs and posts a terminal outcome, unless it is the one already reported for this version of the object.</summary>
    private void ReportTerminal(ObjectKey key, InvolvedObject identity, string reason, string message)
    {
        Activity.Current?.SetStatus(ActivityStatusCode.Error, reason);
        if (!_terminal.ShouldReport(key, reason, message, identity.Metadata.ResourceVersion))
        {
            _logger.LogDebug("Reconcile of {Key} is still terminal ({Reason}); already reported", key, reason);
            return;
        }

        _logger.LogWarning(
            "Reconcile of {Key} ended with a terminal error {Reason}: {Message}; not retried until the object or a child changes",
            key,
            reason,
            message);
        _events.Post(identity, [(EventType.Warning, reason, message)]);
    }

    /// <summary>Runs the finalizers in order; stops at the first that is not done yet and returns its result.</summary>
    private async Task<FinalizerResult> FinalizeAsync(IServiceProvider services, TEntity entity, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(entity);
        foreach (var registration in _finalizers)
        {
            if (entity.Metadata.Finalizers?.Contains(registration.Name) != true)
            {
                continue;
            }

            var finalizer = (IEntityFinalizer<TEntity>)services.GetRequiredService(registration.FinalizerType);
            var outcome = await finalizer.FinalizeAsync(entity, cancellationToken).ConfigureAwait(false);
            if (outcome.RetryDelay is { } retry)
            {
                _logger.LogDebug("Finalizer {Finalizer} of {Key} not done yet; running it again in {Delay}", registration.Name, key, retry);
                return outcome;
            }

            if (FinalizerPatches.Remove(entity.Metadata, registration.Name) is not { } patch)
            {
                continue;
            }

            try
            {
                entity = await _client.PatchAsync(key.Namespace, key.Name, new V1Patch(patch, V1Patch.PatchType.JsonPatch), cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Finalizer {Finalizer} of {Key} done; removed", registration.Name, key);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return FinalizerResult.Done;
            }
        }

        return FinalizerResult.Done;
    }
}
