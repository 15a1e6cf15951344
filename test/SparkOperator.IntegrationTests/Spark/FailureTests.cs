using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Hosting;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Policy;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>Applications that cannot run: the reason a user needs is in status.message and an Event.</summary>
public class FailureTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task A_submission_spark_submit_refuses_fails_with_sparks_error_line_and_exit_code()
    {
        TestCluster.RequireKwok();

        // The pod policy refuses confs that change pods around the templates unless an operator administrator allows them.
        await StartOperatorAsync(new OperatorStart { Webhook = true, Arguments = [$"--{PodPolicy.AllowedSparkConfSetting}=spark.kubernetes.driver.pod.featureSteps"] });
        await ApplyAsync(TestManifests.SparkPi("refused", spec: s =>
            s["sparkConf"] = new JsonObject { ["spark.kubernetes.driver.pod.featureSteps"] = "org.example.MissingFeatureStep" }));

        var app = await WaitForPhaseAsync("refused", ApplicationPhase.Failed, TimeSpan.FromSeconds(120));
        var events = await EventsOnceAsync("refused", "Failed");
        var submitPod = (await PodsAsync($"batch.kubernetes.io/job-name={ResourceNames.SubmitJob("refused", 1)}")).Single();
        var terminated = submitPod.Status.ContainerStatuses.Single().State.Terminated;

        Assert.Multiple(() =>
        {
            Assert.That(terminated.ExitCode, Is.Not.Zero);
            Assert.That(terminated.Message, Does.Contain("ClassNotFoundException: org.example.MissingFeatureStep"), "FallbackToLogsOnError keeps Spark's error");
            Assert.That(app.Status!.Message, Does.Contain($"exited with code {terminated.ExitCode}"));
            Assert.That(app.Status.Message, Does.Contain("ClassNotFoundException: org.example.MissingFeatureStep"));
            Assert.That(app.Status.SubmissionAttempts, Is.EqualTo(1));
            Assert.That(events.Where(e => e.Reason == "SubmissionFailed").Select(e => e.Message), Has.One.Contains("ClassNotFoundException: org.example.MissingFeatureStep"));
            Assert.That(events.Count(e => e.Reason == "Failed"), Is.EqualTo(1));
        });
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task A_driver_the_api_server_refuses_to_create_fails_the_submission_with_the_servers_reason()
    {
        // The API server refuses the driver pod spark-submit creates, here because of a quota.
        TestCluster.RequireKwok();
        await Client.CoreV1.CreateNamespacedResourceQuotaAsync(
            new V1ResourceQuota { Metadata = new V1ObjectMeta { Name = "one-pod" }, Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["count/pods"] = new("1") } } },
            Namespace);
        await Eventually.UntilAsync(
            async () => (await Client.CoreV1.ReadNamespacedResourceQuotaAsync("one-pod", Namespace)).Status?.Hard is { Count: > 0 },
            "the quota to be in force");
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("over-quota"));

        var app = await WaitForPhaseAsync("over-quota", ApplicationPhase.Failed, TimeSpan.FromSeconds(120));
        var events = await EventsOnceAsync("over-quota", "Failed");

        Assert.Multiple(() =>
        {
            Assert.That(app.Status!.Message, Does.Contain("exited with code"));
            Assert.That(app.Status.Message, Does.Contain("Forbidden").Or.Contain("forbidden"));
            Assert.That(app.Status.Message, Does.Contain("exceeded quota: one-pod"));
            Assert.That(events.Where(e => e.Reason == "SubmissionFailed").Select(e => e.Message), Has.One.Contains("exceeded quota: one-pod"));
        });
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task Driver_rbac_missing_a_verb_fails_the_submission_with_the_api_servers_refusal()
    {
        // The submit pod is held Pending by a node selector no node matches, so the test can take
        // "create pods" away from the application's service account after the operator bound it
        // (the binding is not written again once the attempt's Job exists) and before spark-submit
        // runs: the RoleBinding is replaced by one of the same name to a copy of the driver's
        // ClusterRole without that verb (a binding's roleRef cannot change). Then a node is
        // labelled and spark-submit meets the reduced rights, as it would a hand-broken role.
        TestCluster.RequireKwok();
        const string HoldLabel = "sparkoperator.dev/test-hold";
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("no-create", spec: s =>
            s["job"] = new JsonObject { ["nodeSelector"] = new JsonObject { [HoldLabel] = Namespace } }));

        var jobPods = $"batch.kubernetes.io/job-name={ResourceNames.SubmitJob("no-create", 1)}";
        await Eventually.UntilAsync(async () => (await PodsAsync(jobPods)).Any(p => p.Status?.Phase == "Pending"), "the submit pod to wait for a node", describe: Seen);
        var driverRole = await Client.RbacAuthorizationV1.ReadClusterRoleAsync(OperatorDefaults.DriverClusterRole);
        var reduced = new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = $"driver-without-create-{Namespace}" },
            Rules = [.. driverRole.Rules.Select(r => new V1PolicyRule { ApiGroups = r.ApiGroups, Resources = r.Resources, Verbs = r.Resources.Contains("pods") ? [.. r.Verbs.Where(v => v != "create")] : r.Verbs })],
        };
        await Client.RbacAuthorizationV1.CreateClusterRoleAsync(reduced);
        OnTearDown(async () => await Client.RbacAuthorizationV1.DeleteClusterRoleAsync(reduced.Metadata.Name));
        var binding = await Client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(ResourceNames.ServiceAccount("no-create"), Namespace);
        await Client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(binding.Metadata.Name, Namespace);
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = binding.Metadata.Name },
                RoleRef = new V1RoleRef { ApiGroup = binding.RoleRef.ApiGroup, Kind = "ClusterRole", Name = reduced.Metadata.Name },
                Subjects = binding.Subjects,
            },
            Namespace);
        Saw("bound the application's service account to the driver's ClusterRole without create on pods");
        var node = (await Client.CoreV1.ListNodeAsync()).Items.First().Metadata.Name;
        await Client.CoreV1.PatchNodeAsync(NodeLabelPatch(HoldLabel, Namespace), node);
        OnTearDown(async () => await Client.CoreV1.PatchNodeAsync(NodeLabelPatch(HoldLabel, null), node));

        var app = await WaitForPhaseAsync("no-create", ApplicationPhase.Failed, TimeSpan.FromSeconds(120));
        var events = await EventsOnceAsync("no-create", "Failed");

        Assert.Multiple(() =>
        {
            Assert.That(app.Status!.Message, Does.Contain("exited with code"));
            Assert.That(app.Status.Message, Does.Contain("cannot create resource \"pods\""));
            Assert.That(app.Status.SubmissionAttempts, Is.EqualTo(1));
            Assert.That(events.Where(e => e.Reason == "SubmissionFailed").Select(e => e.Message), Has.One.Contains("cannot create resource \"pods\""));
        });
    }

    private static V1Patch NodeLabelPatch(string key, string? value) =>
        new(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [key] = value } } }.ToJsonString(), V1Patch.PatchType.MergePatch);

    [Test]
    [Category("NeedsKwok")]
    public async Task A_driver_that_cannot_be_scheduled_fails_after_the_start_timeout_with_the_schedulers_reason()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("unscheduled", spec: s =>
        {
            // Longer than the 10 s a pod must be pending before its reason is shown (LifecycleSettings.PendingReportDelay).
            s["driverStartTimeoutSeconds"] = 20;
            s["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = "missing" } });
            s["driver"]!["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/data" });
        }));

        var pending = await WaitForAppAsync("unscheduled", a => a.Status?.Message?.Contains("is pending: Unschedulable", StringComparison.Ordinal) == true, "to report the pending driver's scheduling problem", TimeSpan.FromSeconds(120));
        var app = await WaitForPhaseAsync("unscheduled", ApplicationPhase.Failed, TimeSpan.FromSeconds(60));
        var events = await EventsOnceAsync("unscheduled", "Failed");

        Assert.Multiple(() =>
        {
            Assert.That(pending.Status!.Phase, Is.EqualTo(ApplicationPhase.Submitted));
            Assert.That(app.Status!.Message, Does.Contain("did not start within 20s"));
            Assert.That(app.Status.Message, Does.Contain("Unschedulable").And.Contain("persistentvolumeclaim \"missing\" not found"));
            Assert.That(app.Status.CompletionTime - pending.Status.StartTime, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(19)));
            Assert.That(events.Select(e => e.Reason), Does.Contain("DriverStartTimeout"));
        });
        await Eventually.UntilAsync(
            async () => (await PodsAsync("spark-role=driver")).Count == 0,
            "the pending driver to be deleted",
            describe: Seen);
    }
}
