using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Lifecycle;

namespace SparkOperator.IntegrationTests.Safety;

/// <summary>
/// The controller holds a stored application to the webhook's rules and the API server's answers
/// even when the webhook never saw it (unregistered, bypassed, or an admin's write): nothing is
/// created for an invalid spec, a refused submission says the server's reason, and a child's name
/// taken by someone else's object is never taken over. No webhook is registered in these tests.
/// </summary>
public class ControllerValidationTests : SparkApplicationTest
{
    [Test]
    public async Task A_stored_spec_that_breaks_the_rules_fails_with_every_field_path_and_creates_nothing()
    {
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("escape", spec: s =>
        {
            s["volumes"] = new JsonArray(new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/" } });
            s["driver"]!["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "host", ["mountPath"] = "/host" });
            s["sparkConf"] = new JsonObject { ["spark.kubernetes.authenticate.driver.serviceAccountName"] = "default" };
        }));

        var app = await WaitForPhaseAsync("escape", ApplicationPhase.Failed);
        var events = await EventsOnceAsync("escape", "InvalidSpec");
        Assert.Multiple(async () =>
        {
            Assert.That(app.Status!.Message, Does.Contain("spec.volumes[0].hostPath"));
            Assert.That(app.Status.Message, Does.Contain("spec.sparkConf[spark.kubernetes.authenticate.driver.serviceAccountName]"));
            Assert.That(StatusConditions.Find(app.Status.Conditions, StatusConditions.Failed)?.Reason, Is.EqualTo("InvalidSpec"));
            Assert.That(events.Where(e => e.Reason == "InvalidSpec").Select(e => e.Type), Is.EqualTo(new[] { "Warning" }), "reported once");
            Assert.That((await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items, Is.Empty, "no Job");
            Assert.That((await Client.CoreV1.ListNamespacedServiceAccountAsync(Namespace)).Items.Select(a => a.Name()), Is.EqualTo(new[] { "default" }), "no ServiceAccount");
            Assert.That((await Client.CoreV1.ListNamespacedConfigMapAsync(Namespace)).Items.Select(c => c.Name()), Is.EqualTo(new[] { "kube-root-ca.crt" }), "no ConfigMap");
        });
    }

    [Test]
    public async Task Pod_templates_over_the_api_servers_limit_fail_the_submission_with_its_reason()
    {
        // Ten 60 KiB values pass every rule (and etcd), but both pod templates carry them: their
        // ConfigMap is over 1 MiB, which only the API server knows to refuse.
        await StartOperatorAsync();
        var app = TestManifests.SparkPi("huge", spec: s =>
            s["env"] = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode)new JsonObject { ["name"] = $"BLOB_{i}", ["value"] = new string('x', 60 * 1024) })]));

        // kubectl apply would keep the whole object in an annotation, over its 256 KiB limit.
        await Kubectl.ExpectAsync(0, ["create", "-n", Namespace, "-f", "-"], app.ToJsonString());
        var failed = await WaitForPhaseAsync("huge", ApplicationPhase.Failed);
        var events = await EventsOnceAsync("huge", "SubmissionRefused");
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Status!.Message, Does.Contain("the API server refused ConfigMap huge-pod-templates-1"));
            Assert.That(failed.Status.Message, Does.Contain("1048576").Or.Contain("Too long").Or.Contain("too long"));
            Assert.That(failed.Status.SubmissionAttempts, Is.EqualTo(1));
            Assert.That(events.Single(e => e.Reason == "SubmissionRefused").Type, Is.EqualTo("Warning"));
            Assert.That((await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items, Is.Empty, "the Job comes only after its pod templates");
        });
    }

    [Test]
    public async Task A_child_name_taken_by_a_foreign_object_fails_the_application_and_leaves_that_object_alone()
    {
        // A tenant's own ServiceAccount happens to have the name the operator would give etl's.
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "etl-spark", Labels = new Dictionary<string, string> { ["team"] = "data" } } },
            Namespace);
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("etl"));

        var app = await WaitForPhaseAsync("etl", ApplicationPhase.Failed);
        var account = await Client.CoreV1.ReadNamespacedServiceAccountAsync("etl-spark", Namespace);
        Assert.Multiple(async () =>
        {
            Assert.That(app.Status!.Message, Does.Contain("ServiceAccount etl-spark already exists and is not controlled by this SparkApplication"));
            Assert.That(account.Metadata.OwnerReferences, Is.Null.Or.Empty, "not adopted: the garbage collector must not delete it with the application");
            Assert.That(account.Metadata.ManagedFields?.Select(f => f.Manager), Has.None.EqualTo("spark-operator"), "not applied over");
            Assert.That(account.GetLabel("team"), Is.EqualTo("data"));
            Assert.That((await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items, Is.Empty);
        });

        // Deleting the application leaves the tenant's ServiceAccount in place.
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, "etl");
        await Eventually.UntilAsync(async () => await GetAppAsync("etl") is null, "etl to be deleted");
        Assert.That((await Client.CoreV1.ReadNamespacedServiceAccountAsync("etl-spark", Namespace)).GetLabel("team"), Is.EqualTo("data"));
    }

    [Test]
    public async Task A_submit_pod_pod_security_refuses_fails_the_attempt_with_the_servers_reason()
    {
        // The platform team allowed hostPath under /data, but this namespace enforces restricted,
        // which admits no hostPath: the Job controller cannot create the submit pod.
        await LabelNamespaceRestrictedAsync();
        await StartOperatorAsync(new OperatorStart
        {
            Arguments =
            [
                "--Policy:AllowedVolumeTypes=configMap,secret,emptyDir,persistentVolumeClaim,projected,downwardAPI,ephemeral,csi,hostPath",
                "--Policy:AllowedHostPathPrefixes=/data",
            ],
        });
        await ApplyAsync(TestManifests.SparkPi("on-host", spec: s =>
        {
            s["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["hostPath"] = new JsonObject { ["path"] = "/data/spark" } });
            s["job"] = new JsonObject { ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/data" }) };
        }));

        var app = await WaitForPhaseAsync("on-host", ApplicationPhase.Failed, TimeSpan.FromSeconds(60));
        var events = await EventsOnceAsync("on-host", "SubmitPodRefused");
        Assert.Multiple(() =>
        {
            Assert.That(app.Status!.Message, Does.Contain("cannot create its pod").And.Contain("violates PodSecurity"));
            Assert.That(events.Single(e => e.Reason == "SubmitPodRefused").Message, Does.Contain("hostPath"));
        });
    }

    private async Task LabelNamespaceRestrictedAsync()
    {
        var patch = new V1Patch(
            """{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"restricted","pod-security.kubernetes.io/enforce-version":"latest"}}}""",
            V1Patch.PatchType.MergePatch);
        await Client.CoreV1.PatchNamespaceAsync(patch, Namespace);
        Saw($"namespace {Namespace} enforces Pod Security restricted");
    }
}
