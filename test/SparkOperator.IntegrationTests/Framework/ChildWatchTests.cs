using System.Diagnostics;
using System.Diagnostics.Metrics;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Runtime;
using SparkOperator.Framework.Telemetry;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

public class ChildWatchTests : WidgetTest
{
    [Test]
    public async Task A_pod_without_owner_reference_wakes_its_owner_through_the_label_mapping()
    {
        var op = await StartOperatorAsync(watches: c => c.Owns<V1Pod>(mapByLabel: pod =>
            pod.Metadata.Labels?.TryGetValue("widget", out var owner) == true ? new ObjectKey(pod.Namespace(), owner) : null));
        await CreateAsync("w1", "labelled");
        await StatusOfAsync("w1", "labelled");
        var before = op.Probe.For("w1").Count;

        Saw("a pod created by someone else, carrying only our label");
        await Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "driver", Labels = new Dictionary<string, string> { ["widget"] = "w1" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
            },
            Namespace);
        await Eventually.UntilAsync(() => op.Probe.For("w1").Count > before, "the pod's creation to wake w1", describe: Seen);

        var afterCreate = op.Probe.For("w1").Count;
        Saw("the pod's status changes (scheduled/running on the fake node)");
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"annotations":{"kubebox/outcome":"succeed"}}}""", V1Patch.PatchType.MergePatch), "driver", Namespace);
        await Eventually.UntilAsync(
            async () => (await Client.CoreV1.ReadNamespacedPodAsync("driver", Namespace)).Status?.Phase == "Succeeded",
            "the pod to succeed",
            TimeSpan.FromSeconds(30),
            Seen);
        await Eventually.UntilAsync(() => op.Probe.For("w1").Count > afterCreate + 1, "pod status changes to wake w1 again", describe: Seen);
    }

    [Test]
    public async Task Reconciles_are_measured_and_traced()
    {
        var measurements = new List<(string Name, double Value, string? Result)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FrameworkTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? result = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    result = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, result));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FrameworkTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(activities);

        await StartOperatorAsync();
        await CreateAsync("w1", "measured");
        await StatusOfAsync("w1", "measured");
        listener.RecordObservableInstruments();

        (string Name, double Value, string? Result)[] seen;
        lock (measurements)
        {
            seen = [.. measurements];
        }

        Assert.That(seen.Any(m => m.Name == "widget_operator.reconcile.count" && m.Result == "success"), Is.True);
        Assert.That(seen.Any(m => m.Name == "widget_operator.reconcile.duration" && m.Value > 0), Is.True);
        Assert.That(seen.Any(m => m.Name == "widget_operator.queue.wait"), Is.True);
        Assert.That(seen.Any(m => m.Name == "widget_operator.queue.depth"), Is.True);
        lock (spans)
        {
            Assert.That(spans.Any(s => s.DisplayName == "reconcile WidgetController" && (string?)s.GetTagItem("k8s.object.name") == "w1"), Is.True);
        }
    }
}
