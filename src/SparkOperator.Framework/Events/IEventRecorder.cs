using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Events;

/// <summary>The type of a Kubernetes Event.</summary>
public enum EventType
{
    /// <summary>Something expected happened.</summary>
    Normal,

    /// <summary>Something a person should look at.</summary>
    Warning,
}

/// <summary>
/// Records <c>core/v1</c> Events about an object, as <c>kubectl describe</c> shows them. The same
/// (object, type, reason, message) is aggregated into one Event whose count grows, not one Event per
/// reconcile. Best effort: a failure to record is logged and never fails the caller.
/// </summary>
public interface IEventRecorder
{
    /// <summary>Records an Event about <paramref name="involvedObject"/>.</summary>
    Task RecordAsync(
        IKubernetesObject<V1ObjectMeta> involvedObject,
        EventType type,
        string reason,
        string message,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="events"/> about <paramref name="involvedObject"/> in the background,
    /// in order, off the caller's path (as client-go's event broadcaster does). The recorder waits
    /// for what it is still sending when the host shuts down, so a stop right after a decision does
    /// not lose its Events.
    /// </summary>
    void Post(IKubernetesObject<V1ObjectMeta> involvedObject, IReadOnlyList<(EventType Type, string Reason, string Message)> events);
}
