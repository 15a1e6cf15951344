using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Tests.Framework;

[NonParallelizable]
public class MemoryTrimmerTests
{
    [TestCase(300, 100, 24, true)]
    [TestCase(120, 100, 24, false)]
    [TestCase(124, 100, 24, true)]
    public void Trims_only_when_the_slack_is_worth_a_collection(long committedMb, long liveMb, long slackMb, bool trim) =>
        Assert.That(MemoryTrimmer.ShouldTrim(committedMb << 20, liveMb << 20, slackMb << 20), Is.EqualTo(trim));

    [Test]
    public async Task Memory_a_burst_made_the_GC_commit_is_given_back_on_the_next_tick()
    {
        Churn();
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var time = new FakeTimeProvider();
        using var trimmer = new MemoryTrimmer(new MemoryTrimOptions { Interval = TimeSpan.FromSeconds(30), MinimumSlackBytes = 1 }, time, NullLogger<MemoryTrimmer>.Instance);
        await trimmer.StartAsync(CancellationToken.None);

        var collections = GC.CollectionCount(2);
        // The service starts its loop on the thread pool: keep ticking until its timer has fired.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (GC.CollectionCount(2) == collections && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(31));
            await Task.Delay(20);
        }

        await trimmer.StopAsync(CancellationToken.None);
        Assert.That(GC.CollectionCount(2), Is.GreaterThan(collections), "the tick ran a full collection");
        Assert.That(GC.GetGCMemoryInfo().TotalCommittedBytes, Is.LessThan(before), "committed memory went down");
    }

    // Leaves behind what a burst leaves: many small objects that survived a while, then died.
    private static void Churn()
    {
        var keep = new List<byte[]>();
        for (var i = 0; i < 200_000; i++)
        {
            keep.Add(new byte[512]);
        }

        GC.KeepAlive(keep);
        keep.Clear();
    }
}
