using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Lifecycle;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>Deleting applications and their time to live: nothing is left but what the user created.</summary>
public class DeletionTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Deleting_a_running_application_removes_its_driver_and_executors_before_the_finalizer_goes()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("running", outcome: null));
        var app = await WaitForPhaseAsync("running", ApplicationPhase.Running, TimeSpan.FromSeconds(120));
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status!.DriverPodName, Namespace);
        var selector = driver.GetLabel(PodInspection.SparkAppSelectorLabel);
        for (var i = 1; i <= 2; i++)
        {
            // What a driver does: executors labelled with its application id and owned by the driver pod.
            await Client.CoreV1.CreateNamespacedPodAsync(
                new V1Pod
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = $"running-exec-{i}",
                        Labels = new Dictionary<string, string> { ["spark-role"] = "executor", [PodInspection.SparkAppSelectorLabel] = selector, ["spark-exec-id"] = $"{i}" },
                        OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = driver.Name(), Uid = driver.Uid(), Controller = true }],
                    },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "spark-kubernetes-executor", Image = "apache/spark:4.1.1" }] },
                },
                Namespace);
        }

        Saw("deleting the application");
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, "running");
        await Eventually.UntilAsync(async () => await GetAppAsync("running") is null, "the application to be gone", TimeSpan.FromSeconds(60), Seen);
        var leftPods = await PodsAsync($"{PodInspection.SparkAppSelectorLabel}={selector}");

        Assert.That(leftPods.Select(p => p.Name()), Is.Empty, "the finalizer went before the driver and executors");
        await Eventually.UntilAsync(
            async () => (await LeftoversAsync()).Count == 0,
            "the garbage collector to remove everything the operator created",
            TimeSpan.FromSeconds(60),
            () => $"left: {string.Join(", ", LeftoversAsync().GetAwaiter().GetResult())}\n{Seen()}");
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task Deleting_a_finished_application_is_immediate()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("finished"));
        await WaitForPhaseAsync("finished", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(120));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Kubectl.ExpectAsync(0, ["delete", "sparkapp", "finished", "-n", Namespace, "--timeout=10s"]);

        Assert.That(await GetAppAsync("finished"), Is.Null);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task A_finished_application_is_deleted_after_its_time_to_live()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();
        await using var phases = PhaseWatch.Start(Client, Namespace, "short-lived", Saw);
        await ApplyAsync(TestManifests.SparkPi("short-lived", spec: s => s["timeToLiveSeconds"] = 3));

        await Eventually.UntilAsync(() => phases.Phases.Contains(ApplicationPhase.Succeeded), "short-lived to succeed", TimeSpan.FromSeconds(120), Seen);
        await Eventually.UntilAsync(async () => await GetAppAsync("short-lived") is null, "the application to be deleted", TimeSpan.FromSeconds(30), Seen);
        var goneAt = DateTime.UtcNow;
        var events = await EventsOnceAsync("short-lived", "TimeToLiveExpired");
        var completed = phases.Last!.Status!.CompletionTime!.Value;

        Assert.That(goneAt - completed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)), "deleted before its time to live");
        Assert.That(events.Single(e => e.Reason == "TimeToLiveExpired").Message, Does.Contain("3s after it finished"));
        await Eventually.UntilAsync(async () => (await LeftoversAsync()).Count == 0, "everything the operator created to go", TimeSpan.FromSeconds(60), Seen);
    }

    /// <summary>Objects in the namespace the user did not create (the namespace's own defaults aside).</summary>
    private async Task<List<string>> LeftoversAsync()
    {
        var left = new List<string>();
        left.AddRange((await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Select(p => $"pod/{p.Name()}"));
        left.AddRange((await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items.Select(j => $"job/{j.Name()}"));
        left.AddRange((await Client.CoreV1.ListNamespacedConfigMapAsync(Namespace)).Items.Where(c => c.Name() != "kube-root-ca.crt").Select(c => $"configmap/{c.Name()}"));
        left.AddRange((await Client.CoreV1.ListNamespacedServiceAsync(Namespace)).Items.Select(s => $"service/{s.Name()}"));
        left.AddRange((await Client.CoreV1.ListNamespacedServiceAccountAsync(Namespace)).Items.Where(s => s.Name() != "default").Select(s => $"serviceaccount/{s.Name()}"));
        left.AddRange((await Client.RbacAuthorizationV1.ListNamespacedRoleAsync(Namespace)).Items.Select(r => $"role/{r.Name()}"));
        left.AddRange((await Client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(Namespace)).Items.Select(r => $"rolebinding/{r.Name()}"));
        return left;
    }
}
