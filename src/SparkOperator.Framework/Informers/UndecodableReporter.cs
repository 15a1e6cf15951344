using Microsoft.Extensions.Logging;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// Tells people about stored objects the informers skip because they cannot be decoded: a Warning
/// log with the object's namespace, name, uid and the decode error, one count of
/// <c>watch.undecodable</c> (<see cref="FrameworkMetrics"/>), and a Warning Event <c>Undecodable</c> on the object itself
/// (where <c>kubectl describe</c> shows it to its owner). Each version of an object (uid,
/// resourceVersion) is reported once: relists and resyncs meet it again and again, which is not
/// news; an edit makes a new version, which is. Remembers a bounded number of versions.
/// </summary>
internal sealed class UndecodableReporter(IEventRecorder? events, ILogger logger, FrameworkMetrics? metrics = null, int capacity = 4096)
{
    /// <summary>The reason of the Event posted on an undecodable object.</summary>
    public const string Reason = "Undecodable";

    private readonly Lock _lock = new();
    private readonly HashSet<(string Uid, string ResourceVersion)> _reported = [];
    private readonly Queue<(string Uid, string ResourceVersion)> _order = new();

    /// <summary>Reports <paramref name="item"/> of <paramref name="kind"/> unless this version of it was reported already.</summary>
    public void Report(string kind, UndecodableObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var meta = item.Identity.Metadata;
        var version = (meta.Uid ?? string.Empty, meta.ResourceVersion ?? string.Empty);
        lock (_lock)
        {
            if (!_reported.Add(version))
            {
                logger.LogDebug("{Kind} {Namespace}/{Name} at resourceVersion {ResourceVersion} is still undecodable; skipped", kind, meta.NamespaceProperty, meta.Name, meta.ResourceVersion);
                return;
            }

            _order.Enqueue(version);
            while (_order.Count > capacity)
            {
                _reported.Remove(_order.Dequeue());
            }
        }

        logger.LogWarning(
            "Skipping {Kind} {Namespace}/{Name} (uid {Uid}, resourceVersion {ResourceVersion}): it cannot be decoded: {DecodeError}",
            kind,
            meta.NamespaceProperty,
            meta.Name,
            meta.Uid,
            meta.ResourceVersion,
            item.Error);
        metrics?.Undecodable.Add(1, new KeyValuePair<string, object?>("kind", kind));
        if (events is not null && !string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.Uid))
        {
            events.Post(item.Identity, [(EventType.Warning, Reason, $"The operator cannot read this {item.Identity.Kind} and ignores it until it is fixed: {item.Error}")]);
        }
    }
}
