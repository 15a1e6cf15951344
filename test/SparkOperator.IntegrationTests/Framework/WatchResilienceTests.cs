using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SparkOperator.Framework.Informers;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

[NonParallelizable]
public class WatchResilienceTests : WidgetTest
{
    [Test]
    public async Task The_watch_survives_an_apiserver_restart_and_edits_made_meanwhile_are_reconciled()
    {
        TestCluster.RequireOwnCluster();
        var op = await StartOperatorAsync();
        await CreateAsync("w1", "before");
        await StatusOfAsync("w1", "before");

        Saw("restarting kube-apiserver");
        await ApiServer.RestartAsync(Client, () => Widgets.ListAsync(Namespace));
        Saw("kube-apiserver is back; editing while the informer reconnects");
        await SetMessageAsync("w1", "after");
        await CreateAsync("w2", "new");

        await StatusOfAsync("w1", "after");
        await StatusOfAsync("w2", "new");
        Assert.That(op.Probe.For("w1").Any(r => r.Message == "after"), Is.True);
    }

    [Test]
    public async Task After_compaction_the_informer_relists_and_no_change_made_during_the_gap_is_lost()
    {
        TestCluster.RequireOwnCluster();
        WatchGate? gate = null;
        var op = await StartOperatorAsync(finalizer: false, services: s =>
            s.Replace(ServiceDescriptor.Singleton<IWatchSourceFactory>(sp => gate = new WatchGate(sp.GetRequiredService<k8s.IKubernetes>()))));
        await CreateAsync("edited", "v1");
        await CreateAsync("deleted", "v1");
        await CreateAsync("same", "v1");
        foreach (var name in new[] { "edited", "deleted", "same" })
        {
            await StatusOfAsync(name, "v1");
        }

        var informer = op.WidgetInformer.Informers.Single();
        var relistsBefore = informer.Relists;
        Saw($"cutting the watches at resourceVersion {informer.ResourceVersion}");
        gate!.Close();
        await Eventually.UntilAsync(() => Volatile.Read(ref gate.BlockedWatches) > 0, "the informer to wait for a new watch", describe: Seen);

        await SetMessageAsync("edited", "v2");
        await Widgets.DeleteAsync(Namespace, "deleted");
        await CreateAsync("created", "v1");
        var revision = await Etcd.CompactAsync();
        Saw($"etcd compacted at revision {revision}; restarting kube-apiserver to drop its watch cache");
        await ApiServer.RestartAsync(Client, () => Widgets.ListAsync(Namespace));

        gate.Open();
        Saw("watches allowed again");

        await StatusOfAsync("edited", "v2");
        await StatusOfAsync("created", "v1");
        await Eventually.UntilAsync(() => op.Probe.Deleted.Contains("deleted"), "the deletion made during the gap to be reported", describe: Seen);
        Assert.That(informer.Relists, Is.GreaterThan(relistsBefore), "the stale watch must have been answered with 410 and a relist");
        Assert.That(op.WidgetInformer.Store.List().Select(w => w.Metadata.Name), Is.EquivalentTo(new[] { "edited", "same", "created" }));
    }
}
