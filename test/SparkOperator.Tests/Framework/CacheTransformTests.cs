using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Tests.Framework;

public sealed class CacheTransformTests
{
    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Uid = name, Labels = new Dictionary<string, string> { ["role"] = "driver" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "spark", Image = "apache/spark:4.1.1" }] },
        Status = new V1PodStatus { Phase = "Running" },
    };

    [Test]
    public void A_store_caches_what_its_transform_returns_and_keeps_its_indexes()
    {
        var store = new ResourceStore<V1Pod>(pod => pod with { Spec = null });
        store.Upsert(Pod("a"));

        var cached = store.Find("ns", "a");
        Assert.That(cached, Is.Not.Null);
        Assert.That(cached!.Spec, Is.Null);
        Assert.That(cached.Status.Phase, Is.EqualTo("Running"));
        Assert.That(store.ListByLabel("role", "driver", "ns").Single().Metadata.Name, Is.EqualTo("a"));
    }

    [Test]
    public void Label_lookups_answer_the_same_from_the_index_and_from_a_scan()
    {
        var indexed = new ResourceStore<V1Pod>(indexedLabels: ["role"]);
        var scanned = new ResourceStore<V1Pod>();
        foreach (var store in new[] { indexed, scanned })
        {
            store.Upsert(Pod("a"));
            store.Upsert(Pod("b"));
            var c = Pod("c");
            c.Metadata.Labels["role"] = "executor";
            store.Upsert(c);
            store.Remove(new SparkOperator.Framework.Runtime.ObjectKey("ns", "b"));
            var a = Pod("a");
            a.Metadata.Labels["role"] = "executor";
            store.Upsert(a);
        }

        foreach (var role in new[] { "driver", "executor", "none" })
        {
            Assert.That(
                indexed.ListByLabel("role", role, "ns").Select(p => p.Metadata.Name).Order(),
                Is.EqualTo(scanned.ListByLabel("role", role, "ns").Select(p => p.Metadata.Name).Order()),
                role);
        }

        Assert.That(indexed.ListByLabel("role", "executor").Select(p => p.Metadata.Name).Order(), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(indexed.ListByLabel("role", "executor", "other"), Is.Empty);
    }

    [Test]
    public void The_registry_gives_each_kind_its_own_transform()
    {
        var options = new OperatorOptions();
        options.TransformCached<V1Pod>(pod => pod with { Spec = null });
        var registry = new InformerRegistry(new NoSources(), Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System);

        registry.Get<V1Pod>().Store.Upsert(Pod("p"));
        registry.Get<V1Job>().Store.Upsert(new V1Job { Metadata = new V1ObjectMeta { Name = "j", NamespaceProperty = "ns" }, Spec = new V1JobSpec { BackoffLimit = 0 } });

        Assert.That(registry.Get<V1Pod>().Store.Find("ns", "p")!.Spec, Is.Null);
        Assert.That(registry.Get<V1Job>().Store.Find("ns", "j")!.Spec, Is.Not.Null, "kinds without a transform are cached whole");
    }

    private sealed class NoSources : IWatchSourceFactory
    {
        public IWatchSource<T> Create<T>()
            where T : k8s.IKubernetesObject<V1ObjectMeta> => new Unused<T>();
    }

    private sealed class Unused<T> : IWatchSource<T>
        where T : k8s.IKubernetesObject<V1ObjectMeta>
    {
        public Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the informer is never started in this test");

        public IAsyncEnumerable<(k8s.WatchEventType Type, T Object)> WatchAsync(
            string? ns, string? labelSelector, string resourceVersion, int timeoutSeconds, Action<Exception> onError, Action<k8s.WatchEventType, UndecodableObject> onUndecodable, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the informer is never started in this test");
    }
}
