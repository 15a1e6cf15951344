using k8s;
using k8s.Models;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// Thread-safe store of one kind with a controller-owner index and an index of the label keys it
/// is given. Only the informers write to it; <see cref="IResourceStore{T}"/> is the read side.
/// </summary>
internal sealed class ResourceStore<T>(Func<T, T>? transform = null, IReadOnlyCollection<string>? indexedLabels = null) : IResourceStore<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly HashSet<string> _indexedLabels = new(indexedLabels ?? [], StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, T> _items = [];
    private readonly Dictionary<string, HashSet<ObjectKey>> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Value), HashSet<ObjectKey>> _byLabel = [];
    private int _unsyncedSources;
    private bool _started;

    public bool HasSynced
    {
        get
        {
            lock (_lock)
            {
                return _started && _unsyncedSources == 0;
            }
        }
    }

    public T? Find(string ns, string name)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(new ObjectKey(ns ?? string.Empty, name));
        }
    }

    public IReadOnlyList<T> List(string? ns = null)
    {
        lock (_lock)
        {
            return [.. _items.Where(kv => ns is null || kv.Key.Namespace == ns).Select(kv => kv.Value)];
        }
    }

    public IReadOnlyList<T> ListByOwner(string ownerUid)
    {
        lock (_lock)
        {
            return _byOwner.TryGetValue(ownerUid, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    public IReadOnlyList<T> ListByLabel(string key, string value, string? ns = null)
    {
        lock (_lock)
        {
            if (!_indexedLabels.Contains(key))
            {
                return [.. _items.Where(kv => (ns is null || kv.Key.Namespace == ns) && kv.Value.Metadata.Labels?.TryGetValue(key, out var v) == true && v == value).Select(kv => kv.Value)];
            }

            return _byLabel.TryGetValue((key, value), out var keys)
                ? [.. keys.Where(k => ns is null || k.Namespace == ns).Select(k => _items[k])]
                : [];
        }
    }

    /// <summary>Registers one more informer whose first LIST must finish before the store counts as synced.</summary>
    public void AddSource()
    {
        lock (_lock)
        {
            _started = true;
            _unsyncedSources++;
        }
    }

    public void MarkSourceSynced()
    {
        lock (_lock)
        {
            _unsyncedSources--;
        }
    }

    /// <summary>Stores the object; returns the one it replaced, if any.</summary>
    public T? Upsert(T obj)
    {
        // managedFields is bookkeeping of server-side apply that no reader of the cache needs; on
        // objects written by several managers it is often the largest part of the object.
        obj.Metadata.ManagedFields = null;
        if (transform is not null)
        {
            obj = transform(obj);
        }

        var key = ObjectKey.Of(obj);
        lock (_lock)
        {
            var old = RemoveLocked(key);
            _items[key] = obj;
            var owner = obj.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (owner?.Uid is { } uid)
            {
                Index(_byOwner, uid, key);
            }

            foreach (var label in _indexedLabels)
            {
                if (obj.Metadata.Labels?.TryGetValue(label, out var value) == true)
                {
                    Index(_byLabel, (label, value), key);
                }
            }

            return old;
        }
    }

    /// <summary>Removes the object with this key; returns it, if it was stored.</summary>
    public T? Remove(ObjectKey key)
    {
        lock (_lock)
        {
            return RemoveLocked(key);
        }
    }

    /// <summary>The keys stored in <paramref name="ns"/> (all namespaces when null).</summary>
    public IReadOnlyList<ObjectKey> Keys(string? ns)
    {
        lock (_lock)
        {
            return [.. _items.Keys.Where(k => ns is null || k.Namespace == ns)];
        }
    }

    private static void Index<TIndex>(Dictionary<TIndex, HashSet<ObjectKey>> index, TIndex value, ObjectKey key)
        where TIndex : notnull
    {
        if (!index.TryGetValue(value, out var keys))
        {
            index[value] = keys = [];
        }

        keys.Add(key);
    }

    private static void Unindex<TIndex>(Dictionary<TIndex, HashSet<ObjectKey>> index, TIndex value, ObjectKey key)
        where TIndex : notnull
    {
        if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            index.Remove(value);
        }
    }

    private T? RemoveLocked(ObjectKey key)
    {
        if (!_items.Remove(key, out var old))
        {
            return default;
        }

        var owner = old.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (owner?.Uid is { } uid)
        {
            Unindex(_byOwner, uid, key);
        }

        foreach (var label in _indexedLabels)
        {
            if (old.Metadata.Labels?.TryGetValue(label, out var value) == true)
            {
                Unindex(_byLabel, (label, value), key);
            }
        }

        return old;
    }
}
