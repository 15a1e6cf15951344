using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// One Job and one driver per attempt, whatever happens to the operator: a restart between the
/// Job and the driver, forced resyncs, and two replicas with leader election handing over.
/// </summary>
public class ExactlyOnceTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task An_operator_stopped_between_job_and_driver_and_restarted_submits_nothing_twice()
    {
        TestCluster.RequireKwok();
        await using var drivers = PodWatch.Start(Client, Namespace, "spark-role=driver", Saw);
        var first = await StartOperatorAsync(new OperatorStart { Identity = "first" });
        await ApplyAsync(TestManifests.SparkPi("once"));
        var job = ResourceNames.SubmitJob("once", 1);
        await Eventually.UntilAsync(async () => (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items.Count > 0, "the submit Job", describe: Seen);
        await first.DisposeAsync();
        var driverExisted = drivers.Names.Count > 0;
        Saw($"operator stopped; driver already created: {driverExisted}");

        // spark-submit keeps running without the operator and creates the driver.
        await Eventually.UntilAsync(() => drivers.Names.Count > 0, "spark-submit to create the driver while no operator runs", TimeSpan.FromSeconds(90), Seen);
        await StartOperatorAsync(new OperatorStart { Identity = "second", Arguments = ["--Operator:ResyncPeriod=00:00:01"] });
        for (var i = 0; i < 3; i++)
        {
            // Touching metadata wakes the controller again (on top of the one-second resync).
            await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("{\"metadata\":{\"annotations\":{\"test/touch\":\"" + i + "\"}}}", V1Patch.PatchType.MergePatch),
                SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, "once");
        }

        var app = await WaitForPhaseAsync("once", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(90));
        var jobs = (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items;
        var events = await EventsOnceAsync("once", "Succeeded");

        Assert.Multiple(() =>
        {
            Assert.That(app.Status!.Attempt, Is.EqualTo(1));
            Assert.That(jobs.Select(j => j.Name()), Is.EqualTo(new[] { job }));
            Assert.That(drivers.Names, Is.EqualTo(new[] { ResourceNames.DriverPod("once", 1) }));
            Assert.That(events.Count(e => e.Reason == "Submitted"), Is.EqualTo(1));
            Assert.That(events.Select(e => e.Reason), Does.Not.Contain("Resubmitting"));
        });
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task With_leader_election_only_the_leader_submits_and_a_killed_leader_hands_over_within_the_lease_duration()
    {
        TestCluster.RequireKwok();
        var submittedBy = new ConcurrentQueue<string>();
        void Log(string line)
        {
            Saw(line);
            if (line.Contains("SparkApplicationController: Submitted", StringComparison.Ordinal))
            {
                submittedBy.Enqueue(line);
            }
        }

        var leader = await InProcessOperator.StartAsync(Client, Namespace, Log, new OperatorStart { LeaderElection = true, Identity = "first" });
        OnTearDown(leader.DisposeAsync);
        await leader.Running.WaitAsync(TimeSpan.FromSeconds(30));
        var follower = await InProcessOperator.StartAsync(Client, Namespace, Log, new OperatorStart { LeaderElection = true, Identity = "second" });
        OnTearDown(follower.DisposeAsync);

        await ApplyAsync(TestManifests.SparkPi("before"));
        await WaitForPhaseAsync("before", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(90));
        Assert.That(follower.Running.IsCompleted, Is.False, "the follower must not run its controllers");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await leader.DisposeAsync();
        await follower.Running.WaitAsync(TimeSpan.FromSeconds(25));
        var handover = clock.Elapsed;
        Saw($"hand-over took {handover.TotalSeconds:0.0} s");

        await ApplyAsync(TestManifests.SparkPi("after"));
        await WaitForPhaseAsync("after", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(90));
        var jobs = (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items.Select(j => j.Name()).Order().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(handover, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(15 + 2 + 2)), "lease duration, one retry period, and slack");
            Assert.That(jobs, Is.EqualTo(new[] { ResourceNames.SubmitJob("after", 1), ResourceNames.SubmitJob("before", 1) }));
            Assert.That(submittedBy.Where(l => l.Contains("/before ", StringComparison.Ordinal)).Select(l => l[..8]), Is.EqualTo(new[] { "[first] " }));
            Assert.That(submittedBy.Where(l => l.Contains("/after ", StringComparison.Ordinal)).Select(l => l[..9]), Is.EqualTo(new[] { "[second] " }));
        });
    }
}
