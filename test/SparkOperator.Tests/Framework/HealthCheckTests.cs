using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Tests.Framework;

/// <summary>
/// The health checks AddOperator registers, on the real runtime (host, informers, controller
/// workers) over scripted watch sources, with time driven by a FakeTimeProvider.
/// </summary>
public sealed class HealthCheckTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private FakeTimeProvider _time = null!;
    private ScriptedWatchSource<Widget> _source = null!;
    private Gate _gate = null!;
    private IHost? _host;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _source = new ScriptedWatchSource<Widget>();
        _gate = new Gate();
    }

    [TearDown]
    public async Task TearDown()
    {
        _gate.Open.TrySetResult();
        if (_host is not null)
        {
            using var stop = new CancellationTokenSource(Wait);
            await _host.StopAsync(stop.Token);
            _host.Dispose();
        }
    }

    [Test]
    public async Task Readiness_waits_for_the_first_list_then_fails_only_once_the_informer_has_failed_for_a_minute()
    {
        await StartAsync();
        await UntilAsync(() => Registry.Started, "the informers to start");

        var before = await CheckAsync("ready");
        Assert.That(before.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(before.Entries["informers"].Description, Does.Contain("Widget in ns: first LIST not completed"));
        Assert.That((await CheckAsync("live")).Status, Is.EqualTo(HealthStatus.Healthy), "an API server that refuses is not a reason to restart");

        _source.EnqueueList("10", Widget.Make("a", "5"));
        await UntilAsync(() => Registry.Get<Widget>().Store.HasSynced, "the first list", advance: TimeSpan.FromSeconds(1));
        var watch = await _source.NextWatchAsync();
        Assert.That((await CheckAsync("ready")).Status, Is.EqualTo(HealthStatus.Healthy));

        Saw("the watch breaks and every reconnect fails");
        for (var i = 0; i < 100; i++)
        {
            _source.WatchConnectFailures.Enqueue(new HttpRequestException("connection refused"));
        }

        watch.Fail(new HttpRequestException("connection reset"));
        await AdvanceAsync(TimeSpan.FromSeconds(50));
        Assert.That((await CheckAsync("ready")).Status, Is.EqualTo(HealthStatus.Healthy), "a short outage is ridden out");
        await AdvanceAsync(TimeSpan.FromSeconds(20));
        var failing = await CheckAsync("ready");
        Assert.That(failing.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(failing.Entries["informers"].Description, Does.Match(@"Widget in ns: failing for \d+ s \(\d+ consecutive failures\)"));
        Assert.That((await CheckAsync("live")).Status, Is.EqualTo(HealthStatus.Healthy), "the loop keeps trying: restarting would not help");

        Saw("the API server answers again");
        _source.WatchConnectFailures.Clear();
        await UntilAsync(() => (CheckAsync("ready").Result).Status == HealthStatus.Healthy, "readiness after a watch delivers", advance: TimeSpan.FromSeconds(5), onEachWatch: w => w.Send(WatchEventType.Bookmark, Widget.Make(string.Empty, "11")));
    }

    [Test]
    public async Task Readiness_fails_after_two_watch_lifetimes_without_any_event_or_bookmark_while_liveness_holds()
    {
        _source.EnqueueList("10", Widget.Make("a", "5"));
        await StartAsync();
        await UntilAsync(() => Registry.Get<Widget>().Store.HasSynced, "the first list");
        await _source.NextWatchAsync();

        // Watches that never deliver (the idle watchdog replaces them after 7 minutes): the loop is
        // alive, but its cache no longer follows the API server.
        await AdvanceAsync(TimeSpan.FromMinutes(11), step: TimeSpan.FromSeconds(30));
        Assert.That((await CheckAsync("ready")).Status, Is.EqualTo(HealthStatus.Healthy));
        await AdvanceAsync(TimeSpan.FromMinutes(2), step: TimeSpan.FromSeconds(30));

        var stuck = await CheckAsync("ready");
        Assert.That(stuck.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(stuck.Entries["informers"].Description, Does.Match(@"Widget in ns: no list, event or bookmark for \d+ s"));
        Assert.That((await CheckAsync("live")).Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(Registry.Get<Widget>().Informers.Single().WatchdogRestarts, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Liveness_fails_when_an_informer_loop_is_blocked_in_a_handler()
    {
        _source.EnqueueList("10");
        await StartAsync(controller: false, beforeStart: registry => registry.Get<Widget>().Subscribe(change =>
        {
            // A subscriber that never returns: the loop runs handlers inline.
            if (change.Object.Metadata.Name == "blocks")
            {
                _gate.Enter();
                _gate.Open.Task.Wait();
            }
        }));
        var watch = await _source.NextWatchAsync();
        watch.Send(WatchEventType.Added, Widget.Make("blocks", "11"));
        await UntilAsync(() => _gate.Blocked, "the handler to block");

        await AdvanceAsync(TimeSpan.FromMinutes(14), step: TimeSpan.FromMinutes(1));
        Assert.That((await CheckAsync("live")).Status, Is.EqualTo(HealthStatus.Healthy));
        await AdvanceAsync(TimeSpan.FromMinutes(2), step: TimeSpan.FromMinutes(1));

        var silent = await CheckAsync("live");
        Assert.That(silent.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(silent.Entries["operator-loops"].Description, Does.Match(@"Widget informer in ns silent for \d+ s"));
    }

    [Test]
    public async Task Liveness_fails_when_an_informer_loop_ends_while_the_host_runs()
    {
        // A logger that throws stands in for a bug: the loop's failure handling itself fails and the loop ends.
        await StartAsync(logging: l => l.AddProvider(new ThrowingLoggerProvider("SparkOperator.Framework.Informer.Widget")));

        await UntilAsync(() => Registry.Get<Widget>().Loops.SingleOrDefault()?.State == InformerLoopState.Faulted, "the loop to end");

        var live = await CheckAsync("live");
        Assert.That(live.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(live.Entries["operator-loops"].Description, Is.EqualTo("Widget informer in ns ended while the operator runs"));
    }

    [Test]
    public async Task Liveness_fails_when_keys_wait_ten_minutes_while_every_worker_is_stuck_in_a_reconcile()
    {
        _source.EnqueueList("10", Widget.Make("stuck", "5"), Widget.Make("waiting", "6"));
        await StartAsync(controller: true);
        await UntilAsync(() => _gate.Blocked, "the only worker to block in a reconcile");
        await UntilAsync(() => Controller.Queue.Count == 1, "the other key to wait");

        await AdvanceAsync(TimeSpan.FromMinutes(9), step: TimeSpan.FromMinutes(1));
        Assert.That((await CheckAsync("live")).Status, Is.EqualTo(HealthStatus.Healthy));
        await AdvanceAsync(TimeSpan.FromMinutes(2), step: TimeSpan.FromMinutes(1));

        var stalled = await CheckAsync("live");
        Assert.That(stalled.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(stalled.Entries["operator-loops"].Description, Does.Match(@"BlockingController: keys waiting for \d+ s while no reconcile finished"));
        Assert.That((await CheckAsync("ready")).Status, Is.EqualTo(HealthStatus.Healthy), "the caches are fine");

        _gate.Open.TrySetResult();
        await UntilAsync(() => CheckAsync("live").Result.Status == HealthStatus.Healthy, "liveness once reconciles finish again");
    }

    [Test]
    public async Task Without_controllers_both_checks_are_healthy()
    {
        await StartAsync(controller: false);

        Assert.That((await CheckAsync("ready")).Entries["informers"].Description, Is.EqualTo("No controllers run in this replica."));
        Assert.That((await CheckAsync("ready")).Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That((await CheckAsync("live")).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    private InformerRegistry Registry => _host!.Services.GetRequiredService<InformerRegistry>();

    private ControllerHost<BlockingController, Widget> Controller => _host!.Services.GetRequiredService<ControllerHost<BlockingController, Widget>>();

    private static void Saw(string what) => TestContext.Out.WriteLine(what);

    private async Task StartAsync(bool controller = true, Action<InformerRegistry>? beforeStart = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }));
        builder.Services.AddSingleton<IWatchSourceFactory>(new Sources(_source));
        builder.Services.AddSingleton(_gate);
        var operatorBuilder = builder.Services.AddOperator(configure: o =>
        {
            o.Namespaces = ["ns"];
            o.Workers = 1;
            o.ResyncPeriod = TimeSpan.Zero;
            o.LeaderElection.Enabled = false;
        });
        if (controller)
        {
            operatorBuilder.AddController<BlockingController, Widget>();
        }

        _host = builder.Build();
        beforeStart?.Invoke(_host.Services.GetRequiredService<InformerRegistry>());
        await _host.StartAsync();
    }

    private Task<HealthReport> CheckAsync(string tag) =>
        _host!.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(tag));

    /// <summary>Moves fake time on in steps, letting the loops react (real time) between steps.</summary>
    private async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null)
    {
        var each = step ?? TimeSpan.FromSeconds(1);
        for (var done = TimeSpan.Zero; done < by; done += each)
        {
            _time.Advance(each);
            await Task.Delay(10);
        }
    }

    private async Task UntilAsync(Func<bool> condition, string what, TimeSpan? advance = null, Action<ScriptedWatch<Widget>>? onEachWatch = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Wait)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            if (advance is { } by)
            {
                _time.Advance(by);
            }

            while (onEachWatch is not null && _source.Watches.Reader.TryRead(out var watch))
            {
                onEachWatch(watch);
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Where the blocking handler and controller wait; opened at tear-down.</summary>
    internal sealed class Gate
    {
        private int _blocked;

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Blocked => Volatile.Read(ref _blocked) > 0;

        public void Enter() => Interlocked.Increment(ref _blocked);
    }

    /// <summary>A controller whose reconcile waits for the gate (a call that never returns).</summary>
    internal sealed class BlockingController(Gate gate) : IEntityController<Widget>
    {
        public async Task<ReconcileResult> ReconcileAsync(Widget entity, CancellationToken cancellationToken)
        {
            gate.Enter();
            await gate.Open.Task.WaitAsync(cancellationToken);
            return ReconcileResult.Done;
        }
    }

    private sealed class Sources(ScriptedWatchSource<Widget> widgets) : IWatchSourceFactory
    {
        public IWatchSource<T> Create<T>()
            where T : IKubernetesObject<V1ObjectMeta> =>
            widgets as IWatchSource<T> ?? throw new NotSupportedException(typeof(T).Name);
    }

    private sealed class ThrowingLoggerProvider(string category) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName == category);

        public void Dispose()
        {
        }

        private sealed class Logger(bool throws) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (throws && logLevel >= LogLevel.Warning)
                {
                    throw new InvalidOperationException("logger failure");
                }
            }
        }
    }
}
