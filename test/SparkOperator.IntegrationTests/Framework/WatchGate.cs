using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Informers;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>
/// Wraps the real watch sources so a test can cut the informers' watches and hold new ones back,
/// as a network partition would, or refuse new ones at once, as a closed port would, while LIST
/// and the API server stay real.
/// </summary>
internal sealed class WatchGate : IWatchSourceFactory
{
    private readonly KubernetesWatchSourceFactory _inner;
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _cut = new();
    private bool _refusing;

    public WatchGate(IKubernetes client)
    {
        _inner = new KubernetesWatchSourceFactory(client);
        _open.SetResult();
    }

    public int BlockedWatches;

    public void Close()
    {
        lock (_lock)
        {
            _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _cut.Cancel();
            _cut = new CancellationTokenSource();
        }
    }

    /// <summary>Cuts the watches and fails every new one at once with a connection error, until <see cref="Open"/>.</summary>
    public void Refuse()
    {
        lock (_lock)
        {
            _refusing = true;
            _cut.Cancel();
            _cut = new CancellationTokenSource();
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _refusing = false;
            _open.TrySetResult();
        }
    }

    public IWatchSource<T> Create<T>()
        where T : IKubernetesObject<V1ObjectMeta> => new Source<T>(_inner.Create<T>(), this);

    private (Task Open, CancellationToken Cut, bool Refusing) State()
    {
        lock (_lock)
        {
            return (_open.Task, _cut.Token, _refusing);
        }
    }

    private sealed class Source<T>(IWatchSource<T> inner, WatchGate gate) : IWatchSource<T>
        where T : IKubernetesObject<V1ObjectMeta>
    {
        public Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken) =>
            inner.ListAsync(ns, labelSelector, limit, continueToken, cancellationToken);

        public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
            string? ns, string? labelSelector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
            Action<WatchEventType, UndecodableObject> onUndecodable, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var (open, _, refusing) = gate.State();
            if (refusing)
            {
                throw new HttpRequestException("Connection refused (WatchGate)");
            }

            if (!open.IsCompleted)
            {
                Interlocked.Increment(ref gate.BlockedWatches);
            }

            await open.WaitAsync(cancellationToken);
            var (_, cut, _) = gate.State();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cut);
            await using var events = inner.WatchAsync(ns, labelSelector, resourceVersion, timeoutSeconds, onError, onUndecodable, linked.Token).GetAsyncEnumerator(linked.Token);
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync();
                }
                catch (OperationCanceledException) when (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    more = false; // looks like the server closing the stream
                }

                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
    }
}
