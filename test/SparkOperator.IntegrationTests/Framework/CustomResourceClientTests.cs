using k8s.Models;
using SparkOperator.Framework.Client;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

public class CustomResourceClientTests : WidgetTest
{
    [Test]
    public async Task Apply_get_list_status_apply_and_delete_round_trip()
    {
        var client = new CustomResourceClient<Widget>(Client, "crc-test");
        var applied = await client.ApplyAsync(Widget.Make(Namespace, "w1", "applied"));
        Assert.That(applied.Spec.Message, Is.EqualTo("applied"));
        Assert.That(applied.Metadata.ManagedFields.Select(f => f.Manager), Does.Contain("crc-test"));

        var status = new Widget { Metadata = new V1ObjectMeta { Name = "w1", NamespaceProperty = Namespace }, Spec = null!, Status = new WidgetStatus { Message = "ok", ObservedGeneration = applied.Metadata.Generation } };
        var withStatus = await client.ApplyStatusAsync(status);
        Assert.That(withStatus.Status.Message, Is.EqualTo("ok"));
        Assert.That(withStatus.Spec.Message, Is.EqualTo("applied"), "a status apply leaves the spec alone");

        Assert.That((await client.ListAsync(Namespace)).Select(w => w.Metadata.Name), Is.EqualTo(new[] { "w1" }));
        Assert.That((await client.GetAsync(Namespace, "w1"))!.Status.Message, Is.EqualTo("ok"));

        await client.DeleteAsync(Namespace, "w1");
        await client.DeleteAsync(Namespace, "w1");
        await Eventually.UntilAsync(async () => await client.GetAsync(Namespace, "w1") is null, "w1 to be gone");
    }
}
