using SparkOperator.Framework.Telemetry;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace SparkOperator.Framework.Informers;

/// <summary>What the host needs of an informer whatever its kind.</summary>
internal interface ISharedInformer
{
    Type Kind { get; }

    /// <summary>Starts one LIST/WATCH loop per watched namespace; they run until the token is cancelled.</summary>
    IReadOnlyList<Task> Start(CancellationToken cancellationToken);

    /// <summary>Completes when every loop has finished its first LIST.</summary>
    Task Synced { get; }

    /// <summary>The loops <see cref="Start"/> started (none before), for the health checks.</summary>
    IReadOnlyList<IInformerLoop> Loops { get; }
}

/// <summary>
/// All informers of one kind (one per watched namespace, or one for all namespaces) feeding one
/// store, shared by every controller that watches the kind. Subscribers are called inline for each
/// change and must only enqueue.
/// </summary>
internal sealed class SharedInformer<T>(
    IWatchSource<T> source,
    IReadOnlyList<string> namespaces,
    InformerOptions options,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    UndecodableReporter? undecodable = null,
    FrameworkMetrics? metrics = null) : ISharedInformer
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly List<Action<InformerEvent<T>>> _subscribers = [];
    private readonly List<Informer<T>> _informers = [];
    private Task _synced = Task.CompletedTask;
    private IReadOnlyList<IInformerLoop> _loops = [];

    public Type Kind => typeof(T);

    public ResourceStore<T> Store { get; } = new(options.Transform as Func<T, T>, options.IndexedLabels);

    public Task Synced => _synced;

    public IReadOnlyList<Informer<T>> Informers => _informers;

    public IReadOnlyList<IInformerLoop> Loops => Volatile.Read(ref _loops);

    /// <summary>Adds a handler; call before <see cref="Start"/>.</summary>
    public void Subscribe(Action<InformerEvent<T>> handler)
    {
        lock (_subscribers)
        {
            _subscribers.Add(handler);
        }
    }

    public IReadOnlyList<Task> Start(CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger($"SparkOperator.Framework.Informer.{typeof(T).Name}");
        var scopes = namespaces.Count == 0 ? [null] : namespaces.Select(n => (string?)n).ToList();
        foreach (var ns in scopes)
        {
            _informers.Add(new Informer<T>(source, Store, ns, options, Dispatch, logger, time, undecodable, metrics));
        }

        _synced = Task.WhenAll(_informers.Select(i => i.Synced));
        Volatile.Write(ref _loops, [.. _informers]);
        return [.. _informers.Select(i => Task.Run(() => i.RunAsync(cancellationToken), CancellationToken.None))];
    }

    private void Dispatch(InformerEvent<T> change)
    {
        Action<InformerEvent<T>>[] handlers;
        lock (_subscribers)
        {
            handlers = [.. _subscribers];
        }

        foreach (var handler in handlers)
        {
            handler(change);
        }
    }
}
