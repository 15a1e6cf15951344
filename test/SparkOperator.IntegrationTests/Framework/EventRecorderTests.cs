using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Hosting;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

public class EventRecorderTests : ClusterTest
{
    [Test]
    public async Task Repeated_events_become_one_Event_with_a_count_and_a_fresh_recorder_continues_it()
    {
        var subject = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "subject" } }, Namespace);
        subject.ApiVersion = "v1";
        subject.Kind = "ConfigMap";
        var recorder = NewRecorder();

        await recorder.RecordAsync(subject, EventType.Normal, "Submitted", "job created");
        await recorder.RecordAsync(subject, EventType.Normal, "Submitted", "job created");
        await recorder.RecordAsync(subject, EventType.Warning, "Failed", "driver failed");
        await NewRecorder().RecordAsync(subject, EventType.Normal, "Submitted", "job created");

        var events = (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject.Name == "subject").ToList();
        Saw(string.Join("\n", events.Select(e => $"{e.Metadata.Name} {e.Type} {e.Reason} x{e.Count}")));
        Assert.That(events, Has.Count.EqualTo(2), Seen());
        var submitted = events.Single(e => e.Reason == "Submitted");
        Assert.That(submitted.Count, Is.EqualTo(3), "two from the first recorder, one continued by a restarted one");
        Assert.That(submitted.InvolvedObject.Uid, Is.EqualTo(subject.Metadata.Uid));
        Assert.That(events.Single(e => e.Reason == "Failed").Type, Is.EqualTo("Warning"));
    }

    [Test]
    public async Task Recording_never_throws_into_the_caller()
    {
        var missingNamespace = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "no-such-namespace-" + Guid.NewGuid().ToString("N")[..6], Uid = "u" } };

        await NewRecorder().RecordAsync(missingNamespace, EventType.Warning, "Any", "the API rejects this");
    }

    private EventRecorder NewRecorder() =>
        new(Client, Options.Create(new OperatorOptions { Name = "test-operator" }), TimeProvider.System, NullLogger<EventRecorder>.Instance);
}
