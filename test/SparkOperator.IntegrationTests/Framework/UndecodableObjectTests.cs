using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using SparkOperator.Framework.Informers;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>
/// A Widget whose <c>spec.count</c> holds 2147483648: the API server stores it (the test CRD's spec
/// is schemaless, and a CRD that leaves out <c>format: int32</c> lets it through too) but the C#
/// type's <c>int?</c> cannot hold it. Watching every namespace, the operator must still sync and
/// reconcile everything else, and tell the object's owner.
/// </summary>
public class UndecodableObjectTests : WidgetTest
{
    private const string Group = "framework.test.sparkoperator.dev";

    [Test]
    public async Task An_undecodable_object_is_skipped_and_reported_while_every_other_object_is_reconciled_also_after_a_restart()
    {
        using var metrics = new MetricCapture();
        var other = await CreateNamespaceAsync($"{Namespace}-b");
        var poisonUid = await CreatePoisonAsync(Namespace, "poison");
        await CreateAsync("w1", "one");
        await CreateWidgetAsync(other, "w2", "two");

        // One item per LIST page, so the pages after the undecodable one are read too.
        var op = await StartOperatorAsync(finalizer: false, configure: o =>
        {
            o.Namespaces = [];
            o.Informer = o.Informer with { PageSize = 1 };
        });

        var informer = op.WidgetInformer.Informers.Single();
        Assert.That(op.WidgetInformer.Store.HasSynced, Is.True, "the LIST with an undecodable item completed");
        await StatusOfAsync("w1", "one");
        await StatusInAsync(other, "w2", "two");
        Assert.That(op.WidgetInformer.Store.Find(Namespace, "poison"), Is.Null);
        var warning = await UndecodableEventAsync(Namespace, "poison", _ => true);
        Saw($"Event: {warning.Type} {warning.Reason}: {warning.Message}");
        Assert.Multiple(() =>
        {
            Assert.That(warning.Type, Is.EqualTo("Warning"));
            Assert.That(warning.Message, Does.Contain("$.spec.count"));
            Assert.That((warning.InvolvedObject.Kind, warning.InvolvedObject.ApiVersion, warning.InvolvedObject.Uid), Is.EqualTo(("Widget", $"{Group}/v1", poisonUid)));
            Assert.That(metrics.Sum("widget_operator.watch.undecodable", "kind", nameof(Widget)), Is.EqualTo(1));
        });

        Saw("an undecodable object arrives through the watch, then a good one after it");
        await CreatePoisonAsync(other, "poison-late");
        await CreateAsync("w3", "three");
        await StatusOfAsync("w3", "three");
        await UndecodableEventAsync(other, "poison-late", _ => true);
        Assert.That(informer.Relists, Is.Zero, "the watch went on past the undecodable event");
        Assert.That(metrics.Sum("widget_operator.watch.undecodable", "kind", nameof(Widget)), Is.EqualTo(2));

        Saw("restarting the operator");
        await op.Host.StopAsync(TimeSpan.FromSeconds(10));
        var restarted = await StartOperatorAsync("op-restarted", finalizer: false, configure: o => o.Namespaces = []);
        Assert.That(restarted.WidgetInformer.Store.HasSynced, Is.True, "the restarted operator syncs too");
        await SetMessageAsync("w1", "one-again");
        await StatusOfAsync("w1", "one-again");
        Assert.That(restarted.Probe.For("w1"), Is.Not.Empty);
        await UndecodableEventAsync(Namespace, "poison", e => e.Count >= 2);

        Saw("the owner fixes the object");
        await Widgets.PatchAsync(Namespace, "poison", new V1Patch("""{"spec":{"count":3}}""", V1Patch.PatchType.MergePatch));
        await StatusOfAsync("poison", "poison");
        Assert.That(restarted.WidgetInformer.Store.Find(Namespace, "poison")?.Spec.Count, Is.EqualTo(3));
    }

    private async Task<string> CreateNamespaceAsync(string name)
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        OnTearDown(async () => await Client.CoreV1.DeleteNamespaceAsync(name));
        Saw($"namespace {name} created");
        return name;
    }

    private async Task<string> CreatePoisonAsync(string ns, string name)
    {
        Saw($"create widget {ns}/{name} with spec.count 2147483648");
        var body = new JsonObject
        {
            ["apiVersion"] = $"{Group}/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["message"] = name, ["count"] = 2147483648L },
        };
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(body, Group, "v1", ns, "widgets");
        Assert.That(created.GetProperty("spec").GetProperty("count").GetInt64(), Is.EqualTo(2147483648L), "the API server stores the value");
        return created.GetProperty("metadata").GetProperty("uid").GetString()!;
    }

    private Task<Widget> CreateWidgetAsync(string ns, string name, string message)
    {
        Saw($"create widget {ns}/{name} ({message})");
        return Client.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(Widget.Make(ns, name, message), Group, "v1", ns, "widgets");
    }

    private Task<Widget> StatusInAsync(string ns, string name, string message) =>
        Eventually.ValueAsync(() => Widgets.GetAsync(ns, name), w => w.Status?.Message == message, $"status.message of {ns}/{name} to be {message}", describe: Seen);

    private Task<Corev1Event> UndecodableEventAsync(string ns, string name, Func<Corev1Event, bool> predicate) =>
        Eventually.ValueAsync(
            async () => (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items
                .SingleOrDefault(e => e.InvolvedObject.Name == name && e.Reason == UndecodableReporter.Reason),
            predicate,
            $"an {UndecodableReporter.Reason} Event on {ns}/{name}",
            describe: Seen);
}
