using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Lifecycle;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>Local-dir volumes through real spark-submit, and a run timeout ending a driver that runs too long.</summary>
public class SizingAndLifecycleTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Kubeflows_scratch_space_example_creates_its_driver_with_sparks_own_local_dir()
    {
        // Kubeflow's example: two spark-local-dir volumes mounted by the executors only. Before,
        // they reached the driver's template unmounted, Spark added its own spark-local-dir-1, and
        // the API server refused the driver pod for a duplicate volume name.
        TestCluster.RequireKwok();
        await StartOperatorAsync(new OperatorStart { Webhook = true });
        await ApplyAsync(TestManifests.SparkPi("scratch", spec: s =>
        {
            s["volumes"] = new JsonArray(
                new JsonObject { ["name"] = "spark-local-dir-1", ["emptyDir"] = new JsonObject() },
                new JsonObject { ["name"] = "spark-local-dir-2", ["emptyDir"] = new JsonObject() });
            var executor = s["executor"]!.AsObject();
            executor["volumeMounts"] = new JsonArray(
                new JsonObject { ["name"] = "spark-local-dir-1", ["mountPath"] = "/tmp/spark-local-dir-1" },
                new JsonObject { ["name"] = "spark-local-dir-2", ["mountPath"] = "/tmp/spark-local-dir-2" });
        }));

        var app = await WaitForPhaseAsync("scratch", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status!.DriverPodName, Namespace);
        var templates = await Client.CoreV1.ReadNamespacedConfigMapAsync(ResourceNames.PodTemplates("scratch", 1), Namespace);
        var executorTemplate = KubernetesYaml.Deserialize<V1Pod>(templates.Data[OwnedPaths.ExecutorTemplateFile]);

        Assert.Multiple(() =>
        {
            Assert.That(driver.Spec.Volumes.Count(v => v.Name == "spark-local-dir-1"), Is.EqualTo(1), "Spark's own scratch volume, once");
            Assert.That(driver.Spec.Volumes.Select(v => v.Name), Has.No.Member("spark-local-dir-2"));
            Assert.That(executorTemplate.Spec.Volumes.Select(v => v.Name), Is.SupersetOf(new[] { "spark-local-dir-1", "spark-local-dir-2" }));
            Assert.That(executorTemplate.Spec.Containers[0].VolumeMounts.Select(m => m.MountPath), Is.SupersetOf(new[] { "/tmp/spark-local-dir-1", "/tmp/spark-local-dir-2" }));
        });
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task A_driver_running_past_run_timeout_fails_with_the_reason_and_its_pods_are_deleted()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();

        // No outcome annotation: the driver stays Running until someone ends it.
        await ApplyAsync(TestManifests.SparkPi("overrun", outcome: null, spec: s => s["runTimeoutSeconds"] = 5));

        var running = await WaitForPhaseAsync("overrun", ApplicationPhase.Running, TimeSpan.FromSeconds(180));
        var failed = await WaitForPhaseAsync("overrun", ApplicationPhase.Failed, TimeSpan.FromSeconds(120));
        var events = await EventsOnceAsync("overrun", "RunTimeout");

        Assert.Multiple(() =>
        {
            Assert.That(StatusConditions.Find(failed.Status!.Conditions, StatusConditions.Failed)!.Reason, Is.EqualTo("RunTimeout"));
            Assert.That(failed.Status.Message, Does.Contain("runTimeoutSeconds (5s)"));
            Assert.That(events.Where(e => e.Reason == "RunTimeout").Select(e => e.Message), Has.One.Contains(running.Status!.DriverPodName));
        });
        await Eventually.UntilAsync(
            async () => (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "spark-role=driver")).Items.Count == 0,
            "the driver pod to be deleted");
    }
}
