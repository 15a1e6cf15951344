using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// The operator's read cache of one kind, filled by its informer (LIST then WATCH) in the watched
/// namespaces. Controllers read children here instead of calling the API server.
/// Guarantees: every read is a consistent snapshot of what the informer has seen so far, which may
/// lag the API server by the watch latency; objects returned are shared with the cache and must not
/// be modified (write through the API instead).
/// </summary>
/// <typeparam name="T">The kind.</typeparam>
public interface IResourceStore<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Whether the initial LIST of every watched namespace has completed.</summary>
    bool HasSynced { get; }

    /// <summary>The cached object, or null when the informer has not seen it (or saw it deleted).</summary>
    T? Find(string ns, string name);

    /// <summary>All cached objects of the namespace, or of every watched namespace when null.</summary>
    IReadOnlyList<T> List(string? ns = null);

    /// <summary>Objects whose controller ownerReference points at the object with this UID.</summary>
    IReadOnlyList<T> ListByOwner(string ownerUid);

    /// <summary>
    /// Objects in <paramref name="ns"/> (all when null) carrying label <paramref name="key"/>=<paramref name="value"/>:
    /// from the index when the key is indexed (<c>OperatorOptions.IndexLabels</c>), else by a scan.
    /// </summary>
    IReadOnlyList<T> ListByLabel(string key, string value, string? ns = null);
}
