using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Hosting;

namespace SparkOperator.Framework.Events;

/// <summary>
/// Writes <c>core/v1</c> Events, aggregated by <see cref="EventAggregator"/>: the first occurrence
/// creates the Event, later ones patch its <c>count</c> and <c>lastTimestamp</c>. Events over the
/// rate limit are dropped. Any failure is logged at debug/warning and swallowed.
/// </summary>
internal sealed class EventRecorder(
    IKubernetes client,
    IOptions<OperatorOptions> options,
    TimeProvider time,
    ILogger<EventRecorder> logger) : IEventRecorder, IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Task, byte> _posted = new();
    private readonly EventAggregator _aggregator = new();
    private readonly Lock _lock = new();
    private readonly string _instance = Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName;

    public void Post(IKubernetesObject<V1ObjectMeta> involvedObject, IReadOnlyList<(EventType Type, string Reason, string Message)> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var sending = Task.Run(async () =>
        {
            foreach (var (type, reason, message) in events)
            {
                await RecordAsync(involvedObject, type, reason, message, CancellationToken.None).ConfigureAwait(false);
            }
        });
        _posted.TryAdd(sending, 0);
        sending.ContinueWith(t => _posted.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits (up to a few seconds) for posted Events still being sent; the API client outlives this recorder.</summary>
    public async ValueTask DisposeAsync()
    {
        var pending = _posted.Keys.ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Count} Event sends still running at shutdown were abandoned", _posted.Count);
        }
    }

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> involvedObject, EventType type, string reason, string message, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(involvedObject);
            var now = time.GetUtcNow().UtcDateTime;
            var meta = involvedObject.Metadata;
            var (uid, ns, name, typeName) = (meta.Uid ?? string.Empty, meta.NamespaceProperty ?? "default", meta.Name, type.ToString());
            EventOccurrence occurrence;
            lock (_lock)
            {
                if (!_aggregator.TryAcquire(now))
                {
                    logger.LogDebug("Event {Reason} on {Name} dropped by the rate limit", reason, name);
                    return;
                }

                occurrence = _aggregator.Observe(name, uid, typeName, reason, message, now);
            }

            if (occurrence.Count > 1 && await TryBumpAsync(ns, occurrence.Name, occurrence.Count, now, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var created = new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = occurrence.Name, NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = involvedObject.ApiVersion,
                    Kind = involvedObject.Kind,
                    Name = name,
                    NamespaceProperty = meta.NamespaceProperty,
                    Uid = meta.Uid,
                    ResourceVersion = meta.ResourceVersion,
                },
                Type = typeName,
                Reason = reason,
                Message = message,
                Count = occurrence.Count,
                FirstTimestamp = occurrence.FirstSeen,
                LastTimestamp = now,
                Source = new V1EventSource { Component = options.Value.Name },
                ReportingComponent = options.Value.Name,
                ReportingInstance = _instance,
            };
            try
            {
                await client.CoreV1.CreateNamespacedEventAsync(created, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Written by an earlier run of the operator: continue its count.
                var existing = await client.CoreV1.ReadNamespacedEventAsync(occurrence.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                var count = (existing.Count ?? 1) + 1;
                lock (_lock)
                {
                    _aggregator.Correct(name, uid, typeName, reason, message, count, existing.FirstTimestamp ?? now);
                }

                await TryBumpAsync(ns, occurrence.Name, count, now, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not record event {Reason}", reason);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> TryBumpAsync(string ns, string eventName, int count, DateTime now, CancellationToken cancellationToken)
    {
        var patch = new System.Text.Json.Nodes.JsonObject
        {
            ["count"] = count,
            ["lastTimestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }.ToJsonString();
        try
        {
            await client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), eventName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
