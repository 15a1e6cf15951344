using Microsoft.Extensions.Hosting;
using k8s;
using k8s.Models;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

public class ReconcileLoopTests : WidgetTest
{
    [Test]
    public async Task A_new_object_is_reconciled_with_our_finalizer_already_on_it()
    {
        var op = await StartOperatorAsync();
        await CreateAsync("w1", "hello");

        var status = await StatusOfAsync("w1", "hello");
        var child = await Eventually.ValueAsync(() => ChildOfAsync("w1"), c => c.Data?["message"] == "hello", "child ConfigMap", describe: Seen);

        var first = op.Probe.For("w1")[0];
        Assert.That(first.Finalizers, Does.Contain(WidgetFinalizer.Name), "the finalizer is added before the first reconcile");
        Assert.That(status.Metadata.Finalizers, Does.Contain(WidgetFinalizer.Name));
        Assert.That(status.Status.ObservedGeneration, Is.EqualTo(status.Metadata.Generation));
        Assert.That(child.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(status.Metadata.Uid));
        Assert.That(child.Metadata.ManagedFields.Select(f => f.Manager), Does.Contain(WidgetController.FieldManager), "children are written by server-side apply");
        Assert.That(op.WidgetInformer.Store.Find(Namespace, "w1")!.Status?.Message, Is.Not.EqualTo("scratch"), "the controller's changes to its copy stay out of the cache");
    }

    [Test]
    public async Task With_no_namespace_configured_all_namespaces_are_watched()
    {
        var op = await StartOperatorAsync(configure: o => o.Namespaces = []);
        await CreateAsync("w1", "anywhere");

        await StatusOfAsync("w1", "anywhere");
        Assert.That(op.WidgetInformer.Informers, Has.Count.EqualTo(1));
        Assert.That(op.WidgetInformer.Store.Find(Namespace, "w1"), Is.Not.Null);
    }

    [Test]
    public async Task A_spec_change_is_reconciled_but_our_own_status_write_does_not_loop()
    {
        var op = await StartOperatorAsync();
        await CreateAsync("w1", "one");
        await StatusOfAsync("w1", "one");

        await SetMessageAsync("w1", "two");
        await StatusOfAsync("w1", "two");
        await Eventually.UntilAsync(async () => (await ChildOfAsync("w1"))?.Data["message"] == "two", "child to follow the spec", describe: Seen);

        // Each generation is reconciled a bounded number of times (first sight, finalizer added, child
        // events); a status write feeding back into reconcile would grow this without bound.
        var settled = op.Probe.For("w1").Count;
        await SetMessageAsync("w1", "three");
        await StatusOfAsync("w1", "three");
        Assert.That(op.Probe.For("w1").Count(r => r.Message == "two"), Is.LessThanOrEqualTo(3), Seen());
        Assert.That(settled, Is.LessThan(10), Seen());
    }

    [Test]
    public async Task A_change_to_a_child_wakes_the_owner()
    {
        var op = await StartOperatorAsync();
        await CreateAsync("w1", "mine");
        await Eventually.UntilAsync(async () => (await ChildOfAsync("w1"))?.Data["message"] == "mine", "child ConfigMap", describe: Seen);
        await Eventually.UntilAsync(() => op.Probe.For("w1").Any(r => r.ChildrenInCache == 1), "the controller to see its child in the cache", describe: Seen);
        var before = op.Probe.For("w1").Count;

        Saw("someone else edits the child");
        var patch = new V1Patch("""{"data":{"message":"tampered"}}""", V1Patch.PatchType.MergePatch);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(patch, "w1-data", Namespace);

        await Eventually.UntilAsync(() => op.Probe.For("w1").Count > before, "the owner to be reconciled after its child changed", describe: Seen);
        await Eventually.UntilAsync(async () => (await ChildOfAsync("w1"))?.Data["message"] == "mine", "the child to be restored", describe: Seen);
    }

    [Test]
    public async Task Deletion_runs_the_finalizer_and_removes_it_only_after_success()
    {
        var op = await StartOperatorAsync();
        op.Probe.FinalizeFailuresLeft = 2;
        await CreateAsync("w1", "bye");
        await StatusOfAsync("w1", "bye");

        Saw("delete w1");
        await Widgets.DeleteAsync(Namespace, "w1");

        await Eventually.UntilAsync(() => Volatile.Read(ref op.Probe.FinalizeAttempts) >= 2, "two failing finalize attempts", describe: Seen);
        var terminating = await Widgets.GetAsync(Namespace, "w1");
        Assert.That(terminating, Is.Not.Null, "a failed finalizer must keep the object");
        Assert.That(terminating!.Metadata.DeletionTimestamp, Is.Not.Null);
        Assert.That(terminating.Metadata.Finalizers, Does.Contain(WidgetFinalizer.Name));

        await Eventually.UntilAsync(async () => await Widgets.GetAsync(Namespace, "w1") is null, "the object to be gone after the finalizer succeeded", describe: Seen);
        await Eventually.UntilAsync(() => op.Probe.Deleted.Contains("w1"), "DeletedAsync", describe: Seen);
        Assert.That(op.Probe.Finalized, Is.EqualTo(new[] { "w1" }));
        Assert.That(op.Probe.FinalizeAttempts, Is.EqualTo(3));
        Assert.That(op.Probe.For("w1").Count(r => r.Message == "bye"), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_finalizer_not_done_yet_keeps_the_object_and_runs_again_after_its_delay_without_an_error()
    {
        // Terminating before the operator starts, so that nothing but the finalizer's own requests
        // wakes the object (a reconcile in flight at the deletion could requeue it earlier).
        await CreateAsync("w1", "draining");
        var finalizer = $$$"""{"metadata":{"finalizers":["{{{WidgetFinalizer.Name}}}"]}}""";
        await Widgets.PatchAsync(Namespace, "w1", new V1Patch(finalizer, V1Patch.PatchType.MergePatch));
        await Widgets.DeleteAsync(Namespace, "w1");
        Saw("w1 is terminating before the operator starts");

        using var metrics = new MetricCapture();
        var op = await StartOperatorAsync(services: s =>
        {
            // Scripted before the host starts: it finalizes at once.
            var probe = (WidgetProbe)s.Single(d => d.ServiceType == typeof(WidgetProbe)).ImplementationInstance!;
            probe.FinalizeRetriesLeft = 2;
            probe.FinalizeRetryDelay = TimeSpan.FromMilliseconds(700);
        });

        await Eventually.UntilAsync(() => Volatile.Read(ref op.Probe.FinalizeAttempts) >= 1, "the first finalize attempt", describe: Seen);
        var terminating = await Widgets.GetAsync(Namespace, "w1");
        Assert.That(terminating?.Metadata.Finalizers, Does.Contain(WidgetFinalizer.Name), "a finalizer not done must keep the object");

        await Eventually.UntilAsync(async () => await Widgets.GetAsync(Namespace, "w1") is null, "the object to be gone once the finalizer is done", describe: Seen);
        var times = op.Probe.FinalizeTimes.ToArray();
        Assert.That(times, Has.Length.EqualTo(3), Seen());
        for (var i = 1; i < times.Length; i++)
        {
            Assert.That(times[i] - times[i - 1], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(650)), "run again after the delay it asked for, not at once nor by backoff");
        }

        Assert.That(op.Probe.Finalized, Is.EqualTo(new[] { "w1" }));
        Assert.That(
            Seen().Split('\n').Where(l => l.Contains(Namespace, StringComparison.Ordinal) && l.Contains("failed (attempt", StringComparison.Ordinal)),
            Is.Empty,
            "a finalizer still at work is not an error");
        Assert.That(metrics.Sum("widget_operator.reconcile.count", "result", "finalizing"), Is.EqualTo(2));
        Assert.That(metrics.Sum("widget_operator.reconcile.count", "result", "error"), Is.Zero);
    }

    [Test]
    public async Task An_object_already_terminating_at_start_goes_to_the_finalizer_not_to_reconcile()
    {
        await CreateAsync("w1", "late");
        var patch = $$$"""{"metadata":{"finalizers":["{{{WidgetFinalizer.Name}}}"]}}""";
        await Widgets.PatchAsync(Namespace, "w1", new V1Patch(patch, V1Patch.PatchType.MergePatch));
        await Widgets.DeleteAsync(Namespace, "w1");
        Saw("w1 is terminating before the operator starts");

        var op = await StartOperatorAsync();

        await Eventually.UntilAsync(async () => await Widgets.GetAsync(Namespace, "w1") is null, "the terminating object to be finalized", describe: Seen);
        Assert.That(op.Probe.Finalized, Is.EqualTo(new[] { "w1" }));
        Assert.That(op.Probe.For("w1"), Is.Empty, "a terminating object must not be reconciled");
    }

    [Test]
    public async Task A_status_write_conflict_is_retried_with_a_fresh_object()
    {
        var op = await StartOperatorAsync();
        var interfered = 0;
        op.Probe.BeforeStatusWrite = async w =>
        {
            if (Interlocked.Exchange(ref interfered, 1) == 0)
            {
                Saw("another writer changes w1 between read and status write");
                var patch = new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch);
                await Widgets.PatchAsync(w.Metadata.NamespaceProperty, w.Metadata.Name, patch);
            }
        };

        await CreateAsync("w1", "contended");

        var status = await StatusOfAsync("w1", "contended");
        Assert.That(op.Probe.Conflicts, Is.GreaterThanOrEqualTo(1), "the first status write must have met a real 409");
        Assert.That(status.Metadata.Labels?["touched"], Is.EqualTo("yes"), "the other writer's change survives (no blind overwrite)");
    }

    [Test]
    public async Task Periodic_resync_reconciles_again_without_any_change()
    {
        var op = await StartOperatorAsync(configure: o => o.ResyncPeriod = TimeSpan.FromMilliseconds(500));
        await CreateAsync("w1", "steady");
        await StatusOfAsync("w1", "steady");
        var settled = op.Probe.For("w1").Count;

        await Eventually.UntilAsync(() => op.Probe.For("w1").Count >= settled + 2, "resync to reconcile the unchanged object again", describe: Seen);
    }

    [Test]
    public async Task A_requested_requeue_reconciles_again_after_the_delay()
    {
        var op = await StartOperatorAsync();
        await CreateAsync("w1", "poll");
        await StatusOfAsync("w1", "poll");
        var settled = op.Probe.For("w1").Count;

        await Eventually.UntilAsync(() => op.Probe.For("w1").Count >= settled + 3, "three more reconciles from RequeueAfter", TimeSpan.FromSeconds(10), Seen);
        await SetMessageAsync("w1", "still");
        await StatusOfAsync("w1", "still");
    }

    [Test]
    public async Task Stopping_lets_an_in_flight_reconcile_finish()
    {
        var op = await StartOperatorAsync();
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var finished = 0;
        op.Probe.BeforeStatusWrite = async _ =>
        {
            entered.TrySetResult();
            await release.Task;
            Interlocked.Exchange(ref finished, 1);
        };
        await CreateAsync("w1", "slow");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var stopping = op.Host.StopAsync(TimeSpan.FromSeconds(10));
        Assert.That(stopping.IsCompleted, Is.False, "stop waits for the in-flight reconcile");
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(finished, Is.EqualTo(1));
        await Eventually.UntilAsync(async () => (await Widgets.GetAsync(Namespace, "w1"))?.Status?.Message == "slow", "the in-flight status write to land", describe: Seen);
    }
}

