using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Lifecycle;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// The seed example end to end: samples/ny-tlc-report.yaml as a user applies it (a PV, its claim,
/// the Job that fills it, the application), real spark-submit creating the driver with the claim
/// mounted, and the application's status, events and kubectl columns along the way.
/// </summary>
public class SeedApplicationTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Ny_tlc_report_goes_Submitted_Running_Succeeded_with_the_dependencies_volume_mounted()
    {
        TestCluster.RequireKwok();
        var documents = TestManifests.Load(RepositoryFiles.Path("samples", "ny-tlc-report.yaml")).WithDriverOutcome("succeed");
        var deps = documents.Single(d => (string?)d["kind"] == "Job");
        var template = deps["spec"]!["template"]!.AsObject();
        template["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubebox/outcome"] = "succeed" } };
        var pv = (string)documents.Single(d => (string?)d["kind"] == "PersistentVolume")["metadata"]!["name"]!;
        OnTearDown(async () => await Client.CoreV1.DeletePersistentVolumeAsync(pv));

        await StartOperatorAsync(new OperatorStart { Webhook = true });
        await using var phases = PhaseWatch.Start(Client, Namespace, "ny-tlc-report", Saw);
        await ApplyAsync(documents);

        var app = await WaitForPhaseAsync("ny-tlc-report", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(120));
        var events = await EventsOnceAsync("ny-tlc-report", "Succeeded");
        var driverName = ResourceNames.DriverPod("ny-tlc-report", 1);
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(driverName, Namespace);
        var depsJob = await Eventually.ValueAsync(
            () => Client.BatchV1.ReadNamespacedJobAsync("aws-deps", Namespace),
            j => j.Status?.Succeeded == 1,
            "the aws-deps Job to complete");
        // spark-submit exits a moment after the driver ends; its log is complete once it has.
        await Eventually.ValueAsync(() => Client.BatchV1.ReadNamespacedJobAsync(app.Status!.SubmitJobName, Namespace), j => j.Status?.Succeeded == 1, "spark-submit to exit");
        var log = await SubmitLogsOfJobAsync(app.Status!.SubmitJobName!);
        var table = await Kubectl.ExpectAsync(0, ["get", "sparkapp", "-n", Namespace]);
        TestContext.Out.WriteLine($"kubectl get sparkapp:\n{table}");

        Assert.Multiple(() =>
        {
            Assert.That(phases.Phases.Where(p => p is not null), Is.EqualTo(new ApplicationPhase?[] { ApplicationPhase.Submitted, ApplicationPhase.Running, ApplicationPhase.Succeeded }));
            var status = app.Status!;
            Assert.That(status.DriverPodName, Is.EqualTo(driverName));
            Assert.That(status.SubmitJobName, Is.EqualTo(ResourceNames.SubmitJob("ny-tlc-report", 1)));
            Assert.That(status.SparkApplicationId, Does.StartWith("spark-"));
            Assert.That(status.SparkApplicationId, Is.EqualTo(driver.GetLabel(PodInspection.SparkAppSelectorLabel)));
            Assert.That(status.Attempt, Is.EqualTo(1));
            Assert.That(status.StartTime, Is.Not.Null);
            Assert.That(status.CompletionTime, Is.GreaterThanOrEqualTo(status.StartTime!.Value));
            Assert.That(StatusConditions.IsTrue(status.Conditions, StatusConditions.Submitted), Is.True);
            Assert.That(StatusConditions.IsTrue(status.Conditions, StatusConditions.Succeeded), Is.True);
            Assert.That(StatusConditions.IsTrue(status.Conditions, StatusConditions.Failed), Is.False);
            Assert.That(events.Select(e => e.Reason), Is.EqualTo(new[] { "Submitted", "DriverRunning", "Succeeded" }));

            var volume = driver.Spec.Volumes.Single(v => v.Name == "job-deps");
            Assert.That(volume.PersistentVolumeClaim?.ClaimName, Is.EqualTo("pvc-ksv"));
            Assert.That(driver.Spec.Containers.SelectMany(c => c.VolumeMounts ?? []).Where(m => m.Name == "job-deps").Select(m => m.MountPath), Is.EqualTo(new[] { "/dependencies" }));
            Assert.That(depsJob.Status!.Succeeded, Is.EqualTo(1));
            Assert.That(log, Does.Contain(driverName), "the spark-submit log shows the driver it created");
            Assert.That(table, Does.Match(@"ny-tlc-report\s+Succeeded\s+" + driverName + @"\s+1\s"));
        });
    }
}
