using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

public class LeaderElectionTests : WidgetTest
{
    [Test]
    public async Task Only_the_leader_reconciles_and_a_stopped_leader_hands_over_within_the_lease_duration()
    {
        var first = await StartOperatorAsync("first", configure: Elect("first"));
        var second = await StartOperatorAsync("second", configure: Elect("second"), waitRunning: false);

        await CreateAsync("w1", "led");
        await StatusOfAsync("w1", "led");
        await Eventually.UntilAsync(() => second.WidgetInformer.Store.HasSynced && second.WidgetInformer.Store.Find(Namespace, "w1") is not null, "the follower's cache to be warm", describe: Seen);
        Assert.That(second.Running.IsCompleted, Is.False, "the follower must not start its workers");
        Assert.That(second.Probe.Reconciles, Is.Empty, "only the leader reconciles");

        Saw("stopping the leader");
        await first.Host.StopAsync(TimeSpan.FromSeconds(10));
        await second.Running.WaitAsync(TimeSpan.FromSeconds(20));
        Saw("the follower took over");

        await SetMessageAsync("w1", "handed-over");
        await StatusOfAsync("w1", "handed-over");
        Assert.That(second.Probe.For("w1").Any(r => r.Message == "handed-over"), Is.True);
    }

    [Test]
    public async Task Losing_the_lease_stops_the_application()
    {
        var op = await StartOperatorAsync("holder", configure: Elect("holder"));
        var lifetime = (Microsoft.Extensions.Hosting.IHostApplicationLifetime)op.Host.Services.GetService(typeof(IHostApplicationLifetime))!;
        var stopping = new TaskCompletionSource();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

        Saw("another replica takes the lease over");
        // Like a competing elector: read, take over, replace; retry when the holder renewed in between (409).
        await Eventually.UntilAsync(
            async () =>
            {
                var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("widget-leader", Namespace);
                lease.Spec.HolderIdentity = "intruder";
                lease.Spec.LeaseDurationSeconds = 60;
                lease.Spec.RenewTime = DateTime.UtcNow;
                await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "widget-leader", Namespace);
                return true;
            },
            "the intruder to take the lease",
            describe: Seen);

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private Action<SparkOperator.Framework.Hosting.OperatorOptions> Elect(string identity) => o =>
    {
        o.LeaderElection.Enabled = true;
        o.LeaderElection.LeaseName = "widget-leader";
        o.LeaderElection.LeaseNamespace = Namespace;
        o.LeaderElection.Identity = identity;
        o.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(4);
        o.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(3);
        o.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(500);
    };
}
