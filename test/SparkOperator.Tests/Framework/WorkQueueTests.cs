using Microsoft.Extensions.Time.Testing;
using SparkOperator.Framework.Queue;

namespace SparkOperator.Tests.Framework;

public class WorkQueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private FakeTimeProvider _time = null!;
    private WorkQueue<string> _queue = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _queue = new WorkQueue<string>(_time, new ExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), jitter: 0));
    }

    [TearDown]
    public void TearDown() => _queue.Dispose();

    [Test]
    public async Task A_key_added_twice_is_handed_out_once()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");

        Assert.That(_queue.Count, Is.EqualTo(2));
        Assert.That((await _queue.GetAsync(CancellationToken.None)).Key, Is.EqualTo("a"));
        Assert.That((await _queue.GetAsync(CancellationToken.None)).Key, Is.EqualTo("b"));
        Assert.That(_queue.Count, Is.Zero);
    }

    [Test]
    public async Task A_key_in_flight_is_not_handed_out_again_until_Done_then_it_is_requeued()
    {
        _queue.Add("a");
        var (key, _) = await _queue.GetAsync(CancellationToken.None);
        _queue.Add("a");
        _queue.Add("a");

        Assert.That(_queue.Count, Is.Zero, "an add while in flight must wait for Done");
        var second = _queue.GetAsync(CancellationToken.None);
        Assert.That(second.IsCompleted, Is.False);

        _queue.Done(key);
        Assert.That((await second.WaitAsync(Wait)).Key, Is.EqualTo("a"));
        _queue.Done("a");
        Assert.That(_queue.Count, Is.Zero, "the two adds while in flight collapse into one run");
    }

    [Test]
    public async Task Concurrent_getters_receive_distinct_keys()
    {
        var first = _queue.GetAsync(CancellationToken.None);
        var second = _queue.GetAsync(CancellationToken.None);
        _queue.Add("a");
        _queue.Add("b");

        var keys = new[] { (await first.WaitAsync(Wait)).Key, (await second.WaitAsync(Wait)).Key };
        Assert.That(keys, Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task AddAfter_hands_the_key_out_only_when_due()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        Assert.That(_queue.Count, Is.Zero);
        Assert.That(_queue.DelayedCount, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.That(_queue.Count, Is.Zero);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_queue.Count, Is.EqualTo(1));
        Assert.That((await _queue.GetAsync(CancellationToken.None)).Key, Is.EqualTo("a"));
    }

    [Test]
    public void A_delay_longer_than_a_timer_can_wait_is_kept_and_armed_on_the_real_clock()
    {
        // The system timer refuses waits past its bound; the queue must take a yearly requeue anyway.
        using var queue = new WorkQueue<string>(TimeProvider.System, new ExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), jitter: 0));

        Assert.DoesNotThrow(() => queue.AddAfter("yearly", TimeSpan.FromDays(365)));
        Assert.That(queue.DelayedCount, Is.EqualTo(1));
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void The_earliest_due_time_wins()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(3));
        _queue.AddAfter("a", TimeSpan.FromSeconds(20));

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(_queue.Count, Is.EqualTo(1), "the 3 s request must win over 10 s and 20 s");
        Assert.That(_queue.DelayedCount, Is.Zero, "later requests for the same key are absorbed");
    }

    [Test]
    public void Backoff_doubles_per_failure_and_Forget_resets_it()
    {
        var delays = Enumerable.Range(0, 4).Select(_ => _queue.AddRateLimited("a")).ToList();
        Assert.That(delays, Is.EqualTo(new[] { 5, 10, 20, 40 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
        Assert.That(_queue.Failures("a"), Is.EqualTo(4));

        _queue.Forget("a");
        Assert.That(_queue.AddRateLimited("a"), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
    }

    [Test]
    public void Backoff_is_capped()
    {
        var last = TimeSpan.Zero;
        for (var i = 0; i < 30; i++)
        {
            last = _queue.AddRateLimited("a");
        }

        Assert.That(last, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void A_rate_limited_key_comes_back_after_its_delay()
    {
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");
        Assert.That(_queue.Count, Is.Zero);

        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.That(_queue.Count, Is.EqualTo(1), "the earliest of the two backoffs (5 ms) wins");
    }

    [Test]
    public void Jitter_stretches_the_delay_within_bounds()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), jitter: 0.5, new Random(7));
        var delays = Enumerable.Range(0, 50).Select(_ => backoff.Delay(3)).ToList();

        Assert.That(delays, Has.All.InRange(TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600)));
        Assert.That(delays.Distinct().Count(), Is.GreaterThan(1), "jitter must vary");
    }

    [Test]
    public async Task ShutDown_drains_queued_keys_then_reports_shutdown_and_ignores_new_adds()
    {
        _queue.Add("a");
        _queue.AddAfter("b", TimeSpan.FromSeconds(1));
        var waiting = _queue.GetAsync(CancellationToken.None);
        Assert.That((await waiting.WaitAsync(Wait)).Key, Is.EqualTo("a"));
        _queue.Add("c");

        _queue.ShutDown();
        _queue.Add("d");
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That((await _queue.GetAsync(CancellationToken.None)).Key, Is.EqualTo("c"), "queued keys are still handed out");
        Assert.That((await _queue.GetAsync(CancellationToken.None).WaitAsync(Wait)).ShuttingDown, Is.True);
    }

    [Test]
    public async Task ShutDown_wakes_a_waiting_getter()
    {
        var waiting = _queue.GetAsync(CancellationToken.None);
        _queue.ShutDown();
        Assert.That((await waiting.WaitAsync(Wait)).ShuttingDown, Is.True);
    }

    [Test]
    public async Task WhenIdle_completes_when_the_last_in_flight_key_is_done()
    {
        _queue.Add("a");
        await _queue.GetAsync(CancellationToken.None);
        var idle = _queue.WhenIdleAsync();
        Assert.That(idle.IsCompleted, Is.False);

        _queue.Done("a");
        await idle.WaitAsync(Wait);
    }

    [Test]
    public async Task Queue_wait_time_is_measured_on_the_time_provider()
    {
        TimeSpan? waited = null;
        _queue.OnWaited = w => waited = w;
        _queue.Add("a");
        _time.Advance(TimeSpan.FromSeconds(3));
        await _queue.GetAsync(CancellationToken.None);

        Assert.That(waited, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }
}
