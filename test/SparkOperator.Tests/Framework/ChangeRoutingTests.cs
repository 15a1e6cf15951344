using k8s;
using k8s.Models;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Tests.Framework;

public class ChangeRoutingTests
{
    [Test]
    public void Status_only_and_label_only_updates_of_the_primary_do_not_enqueue()
    {
        var old = Widget.Make("a", "1");
        var now = Widget.Make("a", "2");
        now.Status.Message = "written by the controller";
        now.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };

        Assert.That(PrimaryChangeFilter.ShouldEnqueue(new InformerEvent<Widget>(WatchEventType.Modified, now, old)), Is.False);
    }

    [TestCase("generation")]
    [TestCase("deletionTimestamp")]
    [TestCase("finalizers")]
    [TestCase("annotations")]
    public void Spec_deletion_finalizer_and_annotation_changes_enqueue(string change)
    {
        var old = Widget.Make("a", "1");
        var now = Widget.Make("a", "2");
        switch (change)
        {
            case "generation": now.Metadata.Generation = 2; break;
            case "deletionTimestamp": now.Metadata.DeletionTimestamp = DateTime.UtcNow; break;
            case "finalizers": now.Metadata.Finalizers = ["x/y"]; break;
            default: now.Metadata.Annotations = new Dictionary<string, string> { ["restart"] = "1" }; break;
        }

        Assert.That(PrimaryChangeFilter.ShouldEnqueue(new InformerEvent<Widget>(WatchEventType.Modified, now, old)), Is.True);
    }

    [Test]
    public void Added_and_Deleted_always_enqueue()
    {
        var w = Widget.Make("a", "1");
        Assert.That(PrimaryChangeFilter.ShouldEnqueue(new InformerEvent<Widget>(WatchEventType.Added, w, default)), Is.True);
        Assert.That(PrimaryChangeFilter.ShouldEnqueue(new InformerEvent<Widget>(WatchEventType.Deleted, w, w)), Is.True);
    }

    [Test]
    public void A_child_maps_to_its_controller_owner_of_the_right_kind_only()
    {
        var owned = Child(new V1OwnerReference { ApiVersion = "test.sparkoperator.dev/v1", Kind = "Widget", Name = "w1", Uid = "u", Controller = true });
        var otherKind = Child(new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "j", Uid = "u", Controller = true });
        var notController = Child(new V1OwnerReference { ApiVersion = "test.sparkoperator.dev/v1", Kind = "Widget", Name = "w1", Uid = "u" });

        Assert.That(ChildMapping.Owners<Widget, V1Pod>(owned, null), Is.EqualTo(new[] { new ObjectKey("ns", "w1") }));
        Assert.That(ChildMapping.Owners<Widget, V1Pod>(otherKind, null), Is.Empty);
        Assert.That(ChildMapping.Owners<Widget, V1Pod>(notController, null), Is.Empty);
    }

    [Test]
    public void A_child_without_owner_reference_maps_through_the_label_function()
    {
        var pod = Child();
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "w2" };

        var owners = ChildMapping.Owners<Widget, V1Pod>(pod, p => p.Metadata.Labels.TryGetValue("app", out var a) ? new ObjectKey(p.Namespace(), a) : null);

        Assert.That(owners, Is.EqualTo(new[] { new ObjectKey("ns", "w2") }));
        Assert.That(ChildMapping.Owners<Widget, V1Pod>(Child(), _ => null), Is.Empty);
    }

    [Test]
    public void The_store_indexes_by_controller_owner_and_label_and_follows_updates()
    {
        var store = new ResourceStore<V1Pod>();
        var pod = Child(new V1OwnerReference { Kind = "Widget", Name = "w", Uid = "owner-1", Controller = true });
        pod.Metadata.Labels = new Dictionary<string, string> { ["role"] = "driver" };
        store.Upsert(pod);

        Assert.That(store.ListByOwner("owner-1"), Has.Count.EqualTo(1));
        Assert.That(store.ListByLabel("role", "driver", "ns"), Has.Count.EqualTo(1));
        Assert.That(store.ListByLabel("role", "driver", "elsewhere"), Is.Empty);

        var relabelled = Child();
        relabelled.Metadata.Labels = new Dictionary<string, string> { ["role"] = "executor" };
        store.Upsert(relabelled);

        Assert.That(store.ListByOwner("owner-1"), Is.Empty);
        Assert.That(store.ListByLabel("role", "driver"), Is.Empty);
        Assert.That(store.ListByLabel("role", "executor"), Has.Count.EqualTo(1));

        store.Remove(new ObjectKey("ns", "p"));
        Assert.That(store.ListByLabel("role", "executor"), Is.Empty);
        Assert.That(store.Find("ns", "p"), Is.Null);
    }

    private static V1Pod Child(params V1OwnerReference[] owners) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns", OwnerReferences = owners.Length == 0 ? null : owners },
    };
}
