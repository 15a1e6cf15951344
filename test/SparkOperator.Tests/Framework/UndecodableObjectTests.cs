using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Tests.Framework;

/// <summary>One stored object the operator's type cannot hold must not cost the cache of everything else.</summary>
public class UndecodableObjectTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private ScriptedWatchSource<Widget> _source = null!;
    private ResourceStore<Widget> _store = null!;
    private Channel<InformerEvent<Widget>> _events = null!;
    private RecordingEventRecorder _recorder = null!;
    private CancellationTokenSource _cts = null!;
    private Informer<Widget> _informer = null!;
    private Task _run = null!;

    [SetUp]
    public void SetUp()
    {
        _source = new ScriptedWatchSource<Widget>();
        _store = new ResourceStore<Widget>();
        _events = Channel.CreateUnbounded<InformerEvent<Widget>>();
        _recorder = new RecordingEventRecorder();
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
    public void An_object_whose_int_field_overflows_is_described_by_its_raw_identity_and_the_json_path()
    {
        var raw = Raw("bad", "7", """{"message":"hi","count":2147483648}""");

        var ok = CustomObjectDecoder.TryDecode<Widget>(raw, out _, out var bad);

        Assert.That(ok, Is.False);
        Assert.Multiple(() =>
        {
            Assert.That(bad!.Key, Is.EqualTo(new SparkOperator.Framework.Runtime.ObjectKey("ns", "bad")));
            Assert.That((bad.Identity.ApiVersion, bad.Identity.Kind), Is.EqualTo(("test.sparkoperator.dev/v1", "Widget")));
            Assert.That((bad.Identity.Metadata.Uid, bad.Identity.Metadata.ResourceVersion), Is.EqualTo(("uid-bad", "7")));
            Assert.That(bad.Error, Is.EqualTo("$.spec.count: The JSON value could not be converted to Int32 (Either the JSON value is not in a supported format, or is out of bounds for an Int32)"));
        });
        Assert.That(CustomObjectDecoder.TryDecode<Widget>(Raw("good", "8", """{"count":3}"""), out var good, out _), Is.True);
        Assert.That(good.Spec.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task The_first_list_syncs_without_an_undecodable_object_and_reports_it_once()
    {
        using var metric = new UndecodableCount();
        _source.EnqueueList(_ => Page("10", [Widget.Make("good", "5")], Bad("bad", "6")));
        Start();

        await _informer.Synced.WaitAsync(Wait);
        await _source.NextWatchAsync();

        Assert.That(_store.List().Select(w => w.Metadata.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(await Next(), Is.EqualTo((WatchEventType.Added, "good")));
        var posted = _recorder.Recorded.Single();
        Assert.Multiple(() =>
        {
            Assert.That((posted.Type, posted.Reason), Is.EqualTo((EventType.Warning, "Undecodable")));
            Assert.That(posted.Message, Does.Contain("$.spec.count"));
            Assert.That((posted.Object.Metadata.Name, posted.Object.Metadata.Uid, posted.Object.Kind), Is.EqualTo(("bad", "uid-bad", "Widget")));
            Assert.That(metric.Value, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_relist_keeps_what_the_store_held_for_an_object_that_became_undecodable_and_reports_each_version_once()
    {
        _source.EnqueueList("10", Widget.Make("good", "5"), Widget.Make("edited", "6"));
        Start(new InformerOptions { BackoffInitial = TimeSpan.FromMilliseconds(10) });
        var watch = await _source.NextWatchAsync();
        await Next();
        await Next();

        _source.EnqueueList(_ => Page("20", [Widget.Make("good", "5")], Bad("edited", "15")));
        watch.Expire();
        watch = await _source.NextWatchAsync();
        _source.EnqueueList(_ => Page("30", [Widget.Make("good", "5")], Bad("edited", "15")));
        watch.Expire();
        watch = await _source.NextWatchAsync();
        _source.EnqueueList(_ => Page("40", [Widget.Make("good", "5")], Bad("edited", "35")));
        watch.Expire();
        await _source.NextWatchAsync();

        Assert.That(_events.Reader.TryRead(out var change), Is.False, $"an undecodable object is neither deleted nor changed: {change}");
        Assert.That(_store.Find("ns", "edited")?.Metadata.ResourceVersion, Is.EqualTo("6"), "the store keeps the version it could read");
        Assert.That(_informer.Relists, Is.EqualTo(3));
        Assert.That(_recorder.Recorded.Select(r => r.Object.Metadata.ResourceVersion), Is.EqualTo(new[] { "15", "35" }), "each version once");
    }

    [Test]
    public async Task An_undecodable_watch_event_is_skipped_and_the_same_watch_goes_on_from_its_version()
    {
        _source.EnqueueList("10", Widget.Make("a", "5"));
        Start();
        var watch = await _source.NextWatchAsync();
        await Next();

        watch.SendUndecodable(WatchEventType.Modified, Bad("a", "11"));
        watch.SendUndecodable(WatchEventType.Added, Bad("b", "12"));
        watch.Send(WatchEventType.Added, Widget.Make("c", "13"));
        Assert.That(await Next(), Is.EqualTo((WatchEventType.Added, "c")), "events after it still arrive on the same watch");
        watch.SendUndecodable(WatchEventType.Modified, Bad("b", "14"));
        watch.End();
        var rewatch = await _source.NextWatchAsync();

        Assert.That(rewatch.ResourceVersion, Is.EqualTo("14"), "an undecodable event still moves the resourceVersion on");
        Assert.That(_source.ListCalls, Is.EqualTo(1), "no relist");
        Assert.That(_store.Find("ns", "a")?.Metadata.ResourceVersion, Is.EqualTo("5"));
        Assert.That(_store.Find("ns", "b"), Is.Null);
        Assert.That(_recorder.Recorded.Select(r => (r.Object.Metadata.Name, r.Object.Metadata.ResourceVersion)), Is.EqualTo(new[] { ("a", "11"), ("b", "12"), ("b", "14") }));
        Assert.That(_events.Reader.TryRead(out _), Is.False);
    }

    [Test]
    public async Task The_deletion_of_an_undecodable_object_still_removes_what_the_store_held()
    {
        _source.EnqueueList("10", Widget.Make("a", "5"));
        Start();
        var watch = await _source.NextWatchAsync();
        await Next();

        watch.SendUndecodable(WatchEventType.Deleted, Bad("a", "11"));

        var deleted = await _events.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.That((deleted.Type, deleted.Object.Metadata.ResourceVersion), Is.EqualTo((WatchEventType.Deleted, "5")));
        Assert.That(_store.Find("ns", "a"), Is.Null);
        Assert.That(_recorder.Recorded, Is.Empty, "nothing to tell about an object that is gone");
    }

    private static JsonElement Raw(string name, string rv, string spec) => JsonDocument.Parse($$"""
        {"apiVersion":"test.sparkoperator.dev/v1","kind":"Widget",
         "metadata":{"name":"{{name}}","namespace":"ns","uid":"uid-{{name}}","resourceVersion":"{{rv}}"},
         "spec":{{spec}}}
        """).RootElement;

    private static UndecodableObject Bad(string name, string rv)
    {
        CustomObjectDecoder.TryDecode<Widget>(Raw(name, rv, """{"count":2147483648}"""), out _, out var bad);
        return bad!;
    }

    private static ListPage<Widget> Page(string rv, Widget[] items, params UndecodableObject[] undecodable) =>
        new(items, rv, null) { Undecodable = undecodable };

    private void Start(InformerOptions? options = null)
    {
        var reporter = new UndecodableReporter(_recorder, NullLogger.Instance, Metrics);
        _informer = new Informer<Widget>(_source, _store, "ns", options ?? new InformerOptions(), e => _events.Writer.TryWrite(e), NullLogger.Instance, undecodable: reporter);
        _run = _informer.RunAsync(_cts.Token);
    }

    private async Task<(WatchEventType, string)> Next()
    {
        var e = await _events.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        return (e.Type, e.Object.Metadata.Name);
    }

    /// <summary>The framework's instruments, named as a widget operator's would be.</summary>
    private static readonly FrameworkMetrics Metrics = new(MetricNames.ForOperator("widget-operator"));

    /// <summary>Counts <c>widget_operator.watch.undecodable</c> for Widget while alive.</summary>
    private sealed class UndecodableCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public UndecodableCount()
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FrameworkTelemetry.MeterName && instrument.Name == "widget_operator.watch.undecodable")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, v, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "kind" && Equals(tag.Value, nameof(Widget)))
                    {
                        Interlocked.Add(ref _value, v);
                    }
                }
            });
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _value);

        public void Dispose() => _listener.Dispose();
    }
}
