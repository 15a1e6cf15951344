using SparkOperator.Framework.Health;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Framework.Hosting;

/// <summary>
/// How the operator runtime runs. <c>AddOperator</c> fills these from configuration first
/// (<c>WATCH_NAMESPACE</c>, <c>POD_NAMESPACE</c>, <c>POD_NAME</c> and the <c>Operator</c> section,
/// see <see cref="OperatorServiceCollectionExtensions"/>), then applies the caller's delegate.
/// </summary>
public sealed class OperatorOptions
{
    /// <summary>The operator's name: field manager of its writes and event source component.</summary>
    public string Name { get; set; } = "operator";

    /// <summary>Namespaces to watch; empty watches all namespaces with one informer per kind.</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>Concurrent reconciles per controller (never two for the same object).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>How often every cached primary object is queued again as a safety net; zero disables it.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long stopping waits for in-flight reconciles before cancelling them.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay of a failed reconcile; doubles per consecutive failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest retry delay of a failed reconcile.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Label selectors for the informers (and so the caches) of particular kinds, e.g. only the pods
    /// this operator labels instead of every pod of the cluster; kinds not listed are watched whole.
    /// </summary>
    public IDictionary<Type, string> LabelSelectors { get; } = new Dictionary<Type, string>();

    /// <summary>
    /// Per-kind functions that trim an object before it is cached (client-go's transform): a cache
    /// of thousands of pods costs what their specs cost, though a controller may read only their
    /// status. A transform may modify the object it is given and return it. Set with
    /// <see cref="TransformCached{T}"/>.
    /// </summary>
    public IDictionary<Type, Delegate> CacheTransforms { get; } = new Dictionary<Type, Delegate>();

    /// <summary>Caches <typeparamref name="T"/> objects as <paramref name="transform"/> returns them.</summary>
    public void TransformCached<T>(Func<T, T> transform) => CacheTransforms[typeof(T)] = transform;

    /// <summary>
    /// Per-kind label keys the cache indexes for <see cref="Informers.IResourceStore{T}.ListByLabel"/>
    /// (client-go's indexers): indexing every label of thousands of pods costs a set per distinct
    /// value, most of which nobody looks up. Other keys are answered by a scan. Set with <see cref="IndexLabels{T}"/>.
    /// </summary>
    public IDictionary<Type, IReadOnlyCollection<string>> IndexedLabels { get; } = new Dictionary<Type, IReadOnlyCollection<string>>();

    /// <summary>Indexes <typeparamref name="T"/> objects in the cache by the values of <paramref name="keys"/>.</summary>
    public void IndexLabels<T>(params string[] keys) => IndexedLabels[typeof(T)] = [.. keys];

    /// <summary>Leader election; only the leader's controllers reconcile.</summary>
    public LeaderElectionOptions LeaderElection { get; set; } = new();

    /// <summary>Informer timing (watch timeout, idle watchdog, reconnect backoff).</summary>
    internal InformerOptions Informer { get; set; } = new();

    /// <summary>When the health checks call a loop stuck; null derives them from <see cref="Informer"/> (tests shrink them).</summary>
    internal HealthThresholds? Health { get; set; }
}
