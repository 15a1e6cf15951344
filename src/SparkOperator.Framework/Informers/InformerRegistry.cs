using SparkOperator.Framework.Telemetry;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Hosting;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// One <see cref="SharedInformer{T}"/> per kind, created on first use; undecodable objects of
/// every kind are reported through one <see cref="UndecodableReporter"/> (Events when a recorder is given).
/// </summary>
internal sealed class InformerRegistry(
    IWatchSourceFactory sources,
    IOptions<OperatorOptions> options,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    IEventRecorder? events = null,
    FrameworkMetrics? metrics = null)
{
    private readonly Dictionary<Type, ISharedInformer> _informers = [];
    private readonly UndecodableReporter _undecodable = new(events, loggerFactory.CreateLogger("SparkOperator.Framework.Informer"), metrics);
    private CancellationToken? _running;

    public IReadOnlyCollection<ISharedInformer> All
    {
        get
        {
            lock (_informers)
            {
                return [.. _informers.Values];
            }
        }
    }

    /// <summary>Whether <see cref="StartAll"/> ran: every informer a controller registered exists and runs.</summary>
    public bool Started
    {
        get
        {
            lock (_informers)
            {
                return _running is not null;
            }
        }
    }

    /// <summary>Starts every informer created so far, and any created later, until the token is cancelled.</summary>
    public IReadOnlyList<Task> StartAll(CancellationToken cancellationToken)
    {
        lock (_informers)
        {
            _running = cancellationToken;
            return [.. _informers.Values.SelectMany(i => i.Start(cancellationToken))];
        }
    }

    public SharedInformer<T> Get<T>()
        where T : IKubernetesObject<V1ObjectMeta>
    {
        lock (_informers)
        {
            if (_informers.TryGetValue(typeof(T), out var existing))
            {
                return (SharedInformer<T>)existing;
            }

            var o = options.Value;
            var informerOptions = o.Informer with
            {
                LabelSelector = o.LabelSelectors.TryGetValue(typeof(T), out var selector) ? selector : null,
                Transform = o.CacheTransforms.TryGetValue(typeof(T), out var transform) ? transform : null,
                IndexedLabels = o.IndexedLabels.TryGetValue(typeof(T), out var labels) ? labels : [],
            };
            var informer = new SharedInformer<T>(sources.Create<T>(), o.Namespaces, informerOptions, loggerFactory, time, _undecodable, metrics);
            _informers[typeof(T)] = informer;

            // A store first asked for after start-up (a controller reading a kind nobody registered) still fills.
            if (_running is { } token)
            {
                informer.Start(token);
            }

            return informer;
        }
    }
}
