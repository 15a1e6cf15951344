using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Tests.Framework;

public sealed class InformerSelectorTests
{
    [Test]
    public async Task A_kind_with_a_label_selector_is_listed_and_watched_with_it_and_others_whole()
    {
        var factory = new RecordingFactory();
        var options = new OperatorOptions();
        options.LabelSelectors[typeof(V1Pod)] = "app.kubernetes.io/managed-by=me";
        var registry = new InformerRegistry(factory, Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System);
        using var cts = new CancellationTokenSource();
        registry.Get<V1Pod>();
        registry.Get<V1Job>();

        var running = registry.StartAll(cts.Token);
        await Task.WhenAll(registry.All.Select(i => i.Synced)).WaitAsync(TimeSpan.FromSeconds(5));
        await factory.Watching(2).WaitAsync(TimeSpan.FromSeconds(5));
        await cts.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(factory.Lists[typeof(V1Pod)], Is.EqualTo("app.kubernetes.io/managed-by=me"));
            Assert.That(factory.Watches[typeof(V1Pod)], Is.EqualTo("app.kubernetes.io/managed-by=me"));
            Assert.That(factory.Lists[typeof(V1Job)], Is.Null);
            Assert.That(factory.Watches[typeof(V1Job)], Is.Null);
        });
    }

    private sealed class RecordingFactory : IWatchSourceFactory
    {
        private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _expected = int.MaxValue;

        public ConcurrentDictionary<Type, string?> Lists { get; } = new();

        public ConcurrentDictionary<Type, string?> Watches { get; } = new();

        public Task Watching(int kinds)
        {
            _expected = kinds;
            Check();
            return _watching.Task;
        }

        public IWatchSource<T> Create<T>()
            where T : IKubernetesObject<V1ObjectMeta> => new Source<T>(this);

        private void Check()
        {
            if (Watches.Count >= _expected)
            {
                _watching.TrySetResult();
            }
        }

        private sealed class Source<T>(RecordingFactory factory) : IWatchSource<T>
            where T : IKubernetesObject<V1ObjectMeta>
        {
            public Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken)
            {
                factory.Lists[typeof(T)] = labelSelector;
                return Task.FromResult(new ListPage<T>([], "1", null));
            }

            public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
                string? ns, string? labelSelector, string resourceVersion, int timeoutSeconds, Action<Exception> onError,
                Action<WatchEventType, UndecodableObject> onUndecodable, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                factory.Watches[typeof(T)] = labelSelector;
                factory.Check();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                yield break;
            }
        }
    }
}
