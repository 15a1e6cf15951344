using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Tests.Framework;

/// <summary>A watch source the test drives: LIST answers are queued, each WATCH is a channel the test writes to.</summary>
internal sealed class ScriptedWatchSource<T> : IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Queue<Func<string?, ListPage<T>>> _lists = new();

    public Channel<ScriptedWatch<T>> Watches { get; } = Channel.CreateUnbounded<ScriptedWatch<T>>();

    public List<string?> ListContinueTokens { get; } = [];

    public Queue<Exception> WatchConnectFailures { get; } = new();

    public int ListCalls => ListContinueTokens.Count;

    public void EnqueueList(Func<string?, ListPage<T>> page) => _lists.Enqueue(page);

    public void EnqueueList(string rv, params T[] items) => _lists.Enqueue(_ => new ListPage<T>(items, rv, null));

    public Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        lock (_lists)
        {
            ListContinueTokens.Add(continueToken);
            return _lists.TryDequeue(out var next)
                ? Task.FromResult(next(continueToken))
                : Task.FromException<ListPage<T>>(new InvalidOperationException("no scripted list"));
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? ns, string? labelSelector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
        Action<WatchEventType, UndecodableObject> onUndecodable, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (WatchConnectFailures.TryDequeue(out var failure))
        {
            var failed = new ScriptedWatch<T>(resourceVersion, timeoutSeconds, onError);
            await Watches.Writer.WriteAsync(failed, cancellationToken);
            throw failure;
        }

        var watch = new ScriptedWatch<T>(resourceVersion, timeoutSeconds, onError);
        await Watches.Writer.WriteAsync(watch, cancellationToken);
        await foreach (var (type, obj, undecodable) in watch.Events.Reader.ReadAllAsync(cancellationToken))
        {
            // As the real source does: an object that does not decode is handed over in its place in the stream.
            if (undecodable is not null)
            {
                onUndecodable(type, undecodable);
                continue;
            }

            yield return (type, obj!);
        }
    }

    /// <summary>Waits for the informer's next WATCH call.</summary>
    public async Task<ScriptedWatch<T>> NextWatchAsync() =>
        await Watches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
}

internal sealed class ScriptedWatch<T>(string resourceVersion, int timeoutSeconds, Action<Exception> onError)
{
    public string ResourceVersion { get; } = resourceVersion;

    public int TimeoutSeconds { get; } = timeoutSeconds;

    public Channel<(WatchEventType, T?, UndecodableObject?)> Events { get; } = Channel.CreateUnbounded<(WatchEventType, T?, UndecodableObject?)>();

    public void Send(WatchEventType type, T obj) => Events.Writer.TryWrite((type, obj, null));

    /// <summary>An event whose object the source could not decode.</summary>
    public void SendUndecodable(WatchEventType type, UndecodableObject obj) => Events.Writer.TryWrite((type, default, obj));

    public void End() => Events.Writer.TryComplete();

    public void Fail(Exception e) => onError(e);

    /// <summary>What the client does with a watch ERROR event carrying a 410 Status: onError, then the server closes.</summary>
    public void Expire()
    {
        onError(new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" }));
        End();
    }
}
