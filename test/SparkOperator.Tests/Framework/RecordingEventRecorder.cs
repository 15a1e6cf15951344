using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Events;

namespace SparkOperator.Tests.Framework;

/// <summary>An event recorder that keeps what it is asked to record, for tests of what the framework reports.</summary>
internal sealed class RecordingEventRecorder : IEventRecorder
{
    public ConcurrentQueue<(IKubernetesObject<V1ObjectMeta> Object, EventType Type, string Reason, string Message)> Recorded { get; } = new();

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> involvedObject, EventType type, string reason, string message, CancellationToken cancellationToken = default)
    {
        Recorded.Enqueue((involvedObject, type, reason, message));
        return Task.CompletedTask;
    }

    public void Post(IKubernetesObject<V1ObjectMeta> involvedObject, IReadOnlyList<(EventType Type, string Reason, string Message)> events)
    {
        foreach (var (type, reason, message) in events)
        {
            Recorded.Enqueue((involvedObject, type, reason, message));
        }
    }
}
