using k8s;
using k8s.Models;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Framework.Controllers;

/// <summary>
/// Which changes of the primary object wake its controller. Added and Deleted always do. A
/// Modified does when the generation (spec), deletionTimestamp, finalizers or annotations changed;
/// status-only updates (including the controller's own status writes) and label-only updates do not.
/// Children are never filtered by this.
/// </summary>
internal static class PrimaryChangeFilter
{
    public static bool ShouldEnqueue<T>(InformerEvent<T> change)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (change.Type != WatchEventType.Modified || change.Old is null)
        {
            return true;
        }

        var (old, now) = (change.Old.Metadata, change.Object.Metadata);
        return now.Generation is null
            || old.Generation != now.Generation
            || old.DeletionTimestamp != now.DeletionTimestamp
            || !(old.Finalizers ?? []).SequenceEqual(now.Finalizers ?? [])
            || !SameMap(old.Annotations, now.Annotations);
    }

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
