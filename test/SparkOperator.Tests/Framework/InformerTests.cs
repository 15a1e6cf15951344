using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Tests.Framework;

public class InformerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private ScriptedWatchSource<Widget> _source = null!;
    private ResourceStore<Widget> _store = null!;
    private Channel<InformerEvent<Widget>> _events = null!;
    private CancellationTokenSource _cts = null!;
    private Informer<Widget> _informer = null!;
    private Task _run = null!;

    [SetUp]
    public void SetUp()
    {
        _source = new ScriptedWatchSource<Widget>();
        _store = new ResourceStore<Widget>();
        _events = Channel.CreateUnbounded<InformerEvent<Widget>>();
        _cts = new CancellationTokenSource();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _cts.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Wait);
        }

        _cts.Dispose();
    }

    [Test]
    public async Task Initial_paged_list_fills_the_store_then_watch_starts_from_the_list_resource_version()
    {
        _source.EnqueueList(_ => new ListPage<Widget>([Widget.Make("a", "5")], "10", "page2"));
        _source.EnqueueList(_ => new ListPage<Widget>([Widget.Make("b", "7")], "10", null));
        Start();

        await _informer.Synced.WaitAsync(Wait);
        var watch = await _source.NextWatchAsync();

        Assert.That(_source.ListContinueTokens, Is.EqualTo(new string?[] { null, "page2" }));
        Assert.That(_store.HasSynced, Is.True);
        Assert.That(_store.List().Select(w => w.Metadata.Name), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(await Next(), Is.EqualTo((WatchEventType.Added, "a")));
        Assert.That(await Next(), Is.EqualTo((WatchEventType.Added, "b")));
        Assert.That(watch.ResourceVersion, Is.EqualTo("10"));
        Assert.That(watch.TimeoutSeconds, Is.InRange(300, 360), "server-side timeout of about 5 minutes with jitter");
    }

    [Test]
    public async Task Watch_events_update_the_store_and_the_resource_version_including_bookmarks()
    {
        _source.EnqueueList("10", Widget.Make("a", "5"));
        Start();
        var watch = await _source.NextWatchAsync();
        await Next();

        watch.Send(WatchEventType.Added, Widget.Make("b", "11"));
        watch.Send(WatchEventType.Modified, Widget.Make("a", "12", generation: 2));
        watch.Send(WatchEventType.Deleted, Widget.Make("b", "13"));
        watch.Send(WatchEventType.Bookmark, Widget.Make(string.Empty, "20"));

        Assert.That(await Next(), Is.EqualTo((WatchEventType.Added, "b")));
        var modified = await _events.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.That((modified.Type, modified.Old?.Metadata.ResourceVersion, modified.Object.Metadata.ResourceVersion), Is.EqualTo((WatchEventType.Modified, "5", "12")));
        Assert.That(await Next(), Is.EqualTo((WatchEventType.Deleted, "b")));

        watch.End();
        var rewatch = await _source.NextWatchAsync();
        Assert.That(rewatch.ResourceVersion, Is.EqualTo("20"), "a closed stream re-watches from the bookmark's version");
        Assert.That(_source.ListCalls, Is.EqualTo(1), "a closed stream must not relist");
        Assert.That(_store.Find("ns", "a")!.Metadata.Generation, Is.EqualTo(2));
        Assert.That(_store.Find("ns", "b"), Is.Null);
        Assert.That(_events.Reader.TryRead(out _), Is.False, "a bookmark is not a change");
    }

    [Test]
    public async Task Gone_relists_and_diffs_so_changes_made_during_the_gap_are_not_lost()
    {
        _source.EnqueueList("10", Widget.Make("same", "1"), Widget.Make("edited", "2"), Widget.Make("deleted", "3"));
        Start();
        var watch = await _source.NextWatchAsync();
        for (var i = 0; i < 3; i++)
        {
            await Next();
        }

        _source.EnqueueList("50", Widget.Make("same", "1"), Widget.Make("edited", "40", generation: 2), Widget.Make("created", "45"));
        watch.Expire();

        var relisted = await _source.NextWatchAsync();
        var changes = new[] { await Next(), await Next(), await Next() };
        Assert.That(changes, Is.EquivalentTo(new[]
        {
            (WatchEventType.Modified, "edited"),
            (WatchEventType.Added, "created"),
            (WatchEventType.Deleted, "deleted"),
        }));
        Assert.That(relisted.ResourceVersion, Is.EqualTo("50"));
        Assert.That(_informer.Relists, Is.EqualTo(1));
        Assert.That(_store.List().Select(w => w.Metadata.Name), Is.EquivalentTo(new[] { "same", "edited", "created" }));
        Assert.That(_events.Reader.TryRead(out _), Is.False, "an unchanged object emits nothing");
    }

    [Test]
    public async Task A_failed_watch_backs_off_and_rewatches_from_the_last_version_without_relisting()
    {
        _source.EnqueueList("10");
        _source.WatchConnectFailures.Enqueue(new HttpRequestException("connection refused"));
        _source.WatchConnectFailures.Enqueue(new HttpRequestException("connection refused"));
        Start(new InformerOptions { BackoffInitial = TimeSpan.FromMilliseconds(20) });

        var first = await _source.NextWatchAsync();
        var second = await _source.NextWatchAsync();
        var third = await _source.NextWatchAsync();
        third.Send(WatchEventType.Added, Widget.Make("a", "11"));

        Assert.That(new[] { first.ResourceVersion, second.ResourceVersion, third.ResourceVersion }, Is.All.EqualTo("10"));
        Assert.That(await Next(), Is.EqualTo((WatchEventType.Added, "a")));
        Assert.That(_source.ListCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task A_non_410_watch_error_event_rewatches_from_the_last_version()
    {
        _source.EnqueueList("10");
        Start(new InformerOptions { BackoffInitial = TimeSpan.FromMilliseconds(10) });
        var watch = await _source.NextWatchAsync();
        watch.Send(WatchEventType.Added, Widget.Make("a", "11"));
        await Next();

        // The client reports an undecodable or ERROR event through onError and keeps reading.
        watch.Fail(new KubernetesException(new k8s.Models.V1Status { Code = 500, Reason = "InternalError" }));

        var rewatch = await _source.NextWatchAsync();
        Assert.That(rewatch.ResourceVersion, Is.EqualTo("11"));
        Assert.That(_source.ListCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task A_broken_stream_rewatches_from_the_last_version()
    {
        _source.EnqueueList("10");
        Start(new InformerOptions { BackoffInitial = TimeSpan.FromMilliseconds(10) });
        var watch = await _source.NextWatchAsync();
        watch.Send(WatchEventType.Modified, Widget.Make("a", "12"));
        await Next();

        watch.Events.Writer.TryComplete(new IOException("connection reset"));

        var rewatch = await _source.NextWatchAsync();
        Assert.That(rewatch.ResourceVersion, Is.EqualTo("12"));
        Assert.That(_source.ListCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task A_silent_watch_is_replaced_by_the_idle_watchdog()
    {
        _source.EnqueueList("10");
        Start(new InformerOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        var silent = await _source.NextWatchAsync();

        var replacement = await _source.NextWatchAsync();

        Assert.That(_informer.WatchdogRestarts, Is.EqualTo(1));
        Assert.That(replacement.ResourceVersion, Is.EqualTo("10"));
        Assert.That(silent.Events.Reader.Completion.IsCompleted, Is.False, "the server never ended it: only the watchdog did");
    }

    [Test]
    public async Task A_failed_initial_list_is_retried()
    {
        _source.EnqueueList(_ => throw new HttpRequestException("apiserver down"));
        _source.EnqueueList("10", Widget.Make("a", "5"));
        Start(new InformerOptions { BackoffInitial = TimeSpan.FromMilliseconds(10) });

        await _informer.Synced.WaitAsync(Wait);
        Assert.That(await Next(), Is.EqualTo((WatchEventType.Added, "a")));
        Assert.That(_source.ListCalls, Is.EqualTo(2));
    }

    [Test]
    public async Task A_relist_in_one_namespace_leaves_the_other_namespaces_objects_alone()
    {
        var other = new ScriptedWatchSource<Widget>();
        other.EnqueueList("3", Widget.Make("b1", "2", ns: "other"));
        var otherInformer = new Informer<Widget>(other, _store, "other", new InformerOptions(), _ => { }, NullLogger.Instance);
        var otherRun = otherInformer.RunAsync(_cts.Token);
        await otherInformer.Synced.WaitAsync(Wait);

        _source.EnqueueList("10", Widget.Make("a1", "5"));
        Start();
        var watch = await _source.NextWatchAsync();
        await Next();
        _source.EnqueueList("20");
        watch.Expire();

        Assert.That(await Next(), Is.EqualTo((WatchEventType.Deleted, "a1")));
        await _source.NextWatchAsync();
        Assert.That(_store.Find("other", "b1"), Is.Not.Null, "ns's relist must not delete other's objects");
        Assert.That(_store.HasSynced, Is.True);
        await _cts.CancelAsync();
        await otherRun.WaitAsync(Wait);
    }

    private void Start(InformerOptions? options = null)
    {
        _informer = new Informer<Widget>(_source, _store, "ns", options ?? new InformerOptions(), e => _events.Writer.TryWrite(e), NullLogger.Instance);
        _run = _informer.RunAsync(_cts.Token);
    }

    private async Task<(WatchEventType, string)> Next()
    {
        var e = await _events.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        return (e.Type, e.Object.Metadata.Name);
    }
}
