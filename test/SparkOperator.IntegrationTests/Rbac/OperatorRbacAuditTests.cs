using System.Text;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Events;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.IntegrationTests.Scheduling;
using SparkOperator.Lifecycle;
using SparkOperator.Scheduling;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Rbac;

/// <summary>
/// The generated RBAC is what the code calls, no more and no less. The operator runs as its
/// generated ServiceAccount through scenarios that reach every code path making an API call; the
/// API server audits that user; the (group, resource, verb) triples of its requests in the test's
/// namespace and on the test's Lease must be exactly the triples config/rbac/role.yaml and
/// leader_election_role.yaml grant.
/// </summary>
public class OperatorRbacAuditTests : SparkApplicationTest
{
    private const string UiHost = "{name}.{namespace}.spark.example.com";
    [Test]
    [Category("NeedsKwok")]
    public async Task The_operator_uses_exactly_the_verbs_its_generated_roles_grant()
    {
        TestCluster.RequireKwok();
        ApiServerAudit.Require();
        var since = DateTime.UtcNow;
        var replayedEvent = await SetUpReplayedAttemptAsync();

        // A name taken by an object the application does not control: create 409, get, no patch.
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = ResourceNames.ServiceAccount("foreign") } }, Namespace);

        // Schedules: a tick's run is created (create, and update on the owner's finalizers inside it);
        // a run name taken by a stranger's SparkApplication is a 409 followed by a get.
        var clock = new ShiftedClock();
        var tick = new DateTime(DateTime.UtcNow.Year + 1, 1, 1, 3, 0, 0, DateTimeKind.Utc);
        // The stranger is refused by the controller (a hostPath volume), so it runs no spark-submit.
        await ApplyAsync(TestManifests.SparkPi(RunNames.For("taken", tick), spec: s => s["volumes"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["name"] = "host", ["hostPath"] = new System.Text.Json.Nodes.JsonObject { ["path"] = "/tmp" } })));
        await ApplyAsync([Scheduled("scheduled"), Scheduled("taken")]);

        // With leader election, so the Lease's verbs are used (get 404, create, then get and update to renew).
        var op = await StartOperatorAsync(new OperatorStart { LeaderElection = true, Arguments = [$"--SparkUi:Ingress:Host={UiHost}"], Services = clock.Register });
        await op.Running.WaitAsync(TimeSpan.FromSeconds(30));
        await ApplyAsync(
        [
            TestManifests.SparkPi("expiring", spec: s => s["timeToLiveSeconds"] = 1),
            TestManifests.SparkPi("deleted", outcome: null),
            TestManifests.SparkPi("vanished", outcome: null),
            TestManifests.SparkPi("foreign"),
            TestManifests.SparkPi("named", spec: s => s["driver"]!["serviceAccountName"] = "not-there"),
        ]);

        // The replayed attempt's create 409 → get → server-side apply converges, and it runs on.
        await WaitForPhaseAsync("replayed", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));
        var foreign = await WaitForPhaseAsync("foreign", ApplicationPhase.Failed);

        // The schedules' tick, once the replayed attempt's spark-submit is done (fewer JVMs at once).
        clock.MoveTo(tick.AddSeconds(2));
        foreach (var name in new[] { "scheduled", "taken" })
        {
            await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("{\"metadata\":{\"annotations\":{\"test/touch\":\"1\"}}}", V1Patch.PatchType.MergePatch),
                SparkApplication.GroupName, SparkApplication.Version, Namespace, ScheduledSparkApplication.Plural, name);
        }

        await Eventually.UntilAsync(async () => await GetAppAsync(RunNames.For("scheduled", tick)) is not null, "the scheduled run", TimeSpan.FromSeconds(60), Seen);
        await EventsOnceAsync("taken", "NameTaken");

        // An application naming an account: the controller gets it (404) before submitting.
        var named = await WaitForAppAsync("named", a => a.Status?.Message?.Contains("does not exist", StringComparison.Ordinal) == true, "to wait for the account it names");

        // Time to live: the operator deletes the application; the finalizer lists its finished pods and leaves them to the garbage collector.
        await Eventually.UntilAsync(async () => await GetAppAsync("expiring") is null, "expiring to be deleted after its time to live", TimeSpan.FromSeconds(180), Seen);

        // Deleted while running: the finalizer deletes the driver and the submit pod by label first.
        await WaitForPhaseAsync("deleted", ApplicationPhase.Running, TimeSpan.FromSeconds(120));
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, "deleted");
        await Eventually.UntilAsync(async () => await GetAppAsync("deleted") is null, "deleted to be finalized", TimeSpan.FromSeconds(60), Seen);

        // A driver gone from the cache is looked up on the API server (404) before its attempt ends.
        var vanished = await WaitForPhaseAsync("vanished", ApplicationPhase.Running, TimeSpan.FromSeconds(120));
        await Client.CoreV1.DeleteNamespacedPodAsync(vanished.Status!.DriverPodName, Namespace, gracePeriodSeconds: 0);
        var lost = await WaitForPhaseAsync("vanished", ApplicationPhase.Failed);

        // A history server: its children created, applied again after a get when its Deployment's
        // status wakes it, and its Ingress deleted (after a get) once the spec drops it.
        await ApplyAsync(History.HistoryServerControllerTests.Server);
        await Eventually.UntilAsync(async () => (await Client.AppsV1.ListNamespacedDeploymentAsync(Namespace)).Items.Any(d => d.Status?.ReadyReplicas == 1), "the history server's Deployment to be ready", TimeSpan.FromSeconds(120), Seen);
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"ingress":null}}""", V1Patch.PatchType.MergePatch), SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkHistoryServer.Plural, "history");
        await Eventually.UntilAsync(async () => (await Client.NetworkingV1.ListNamespacedIngressAsync(Namespace)).Items.All(i => i.Metadata.Name != "history"), "the history server's Ingress to be deleted", TimeSpan.FromSeconds(60), Seen);

        // A Job that cannot create its pod: after the report delay the operator lists the Job's FailedCreate Events.
        await Client.CoreV1.CreateNamespacedResourceQuotaAsync(
            new V1ResourceQuota { Metadata = new V1ObjectMeta { Name = "no-pods" }, Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["pods"] = new("0") } } },
            Namespace);
        await Eventually.UntilAsync(async () => (await Client.CoreV1.ReadNamespacedResourceQuotaAsync("no-pods", Namespace)).Status?.Hard is { Count: > 0 }, "the quota to be in force");
        await ApplyAsync(TestManifests.SparkPi("unstarted"));
        var unstarted = await WaitForAppAsync("unstarted", a => a.Status?.Message?.Contains("cannot create its pod", StringComparison.Ordinal) == true, "to say why its Job has no pod", TimeSpan.FromSeconds(60));

        var job = await Client.BatchV1.ReadNamespacedJobAsync(ResourceNames.SubmitJob("replayed", 1), Namespace);
        var bumped = await Client.CoreV1.ReadNamespacedEventAsync(replayedEvent, Namespace);
        await op.DisposeAsync();
        var lease = InProcessOperator.LeaseName(Namespace);
        var calls = ApiServerAudit.Read(since)
            .Where(c => c.Namespace == Namespace || c.Namespace is null || (c.Resource == "leases" && c.Name == lease))
            .ToList();
        var used = calls.Select(c => new RbacTriple(c.Group, c.Resource, c.Verb)).Concat(CheckedInside(calls)).ToHashSet();
        var granted = RbacTriple.Granted(RepositoryFiles.Path("config", "rbac", "role.yaml"))
            .Union(RbacTriple.Granted(RepositoryFiles.Path("config", "rbac", "leader_election_role.yaml")))
            .ToHashSet();
        TestContext.Out.WriteLine(Table(calls, CheckedInside(calls)));

        Assert.Multiple(() =>
        {
            Assert.That(foreign.Status!.Message, Does.Contain("already exists and is not controlled by this SparkApplication"));
            Assert.That(lost.Status!.Message, Does.Contain("disappeared"));
            Assert.That(named.Status!.Message, Does.Contain("ServiceAccount " + Namespace + "/not-there"));
            Assert.That(unstarted.Status!.Message, Does.Contain("exceeded quota: no-pods"));
            Assert.That(bumped.Count, Is.EqualTo(2), "the restarted operator continued the stored Event's count");
            Assert.That(job.Metadata.OwnerReferences.Single().BlockOwnerDeletion, Is.True, "children block their owner's deletion (what needs update on finalizers)");
            Assert.That(calls.Where(c => c.Code == 403).Select(c => $"{c.Verb} {c.Uri}"), Is.Empty, "requests the API server refused the operator");
            Assert.That(used.Except(granted).Select(t => t.ToString()), Is.Empty, "used but not granted");
            Assert.That(granted.Except(used).Select(t => t.ToString()), Is.Empty, "granted but never used: take it out of the RBAC attributes");
        });
    }

    /// <summary>A yearly schedule (at the tick the test moves the clock to) of SparkPi.</summary>
    private static System.Text.Json.Nodes.JsonObject Scheduled(string name) => new()
    {
        ["apiVersion"] = SparkApplication.ApiVersionString,
        ["kind"] = ScheduledSparkApplication.KindName,
        ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
        ["spec"] = new System.Text.Json.Nodes.JsonObject
        {
            ["schedule"] = "0 3 1 1 *",
            ["template"] = new System.Text.Json.Nodes.JsonObject { ["spec"] = new List<System.Text.Json.Nodes.JsonObject> { TestManifests.SparkPi(name) }.WithPatientSubmission()[0]["spec"]!.DeepClone() },
        },
    };

    /// <summary>
    /// Writes, before the operator runs, what a crashed operator left of an application's first
    /// attempt: its ServiceAccount, RoleBinding, pod templates, Job and UI Service and Ingress, controlled by the
    /// application, and its Submitted Event. The restarted operator's creates meet 409s and are
    /// followed by a get and a server-side apply; its Event create meets a 409 and is followed by a
    /// get and a count patch. Returns the Event's name.
    /// </summary>
    private async Task<string> SetUpReplayedAttemptAsync()
    {
        // With its Spark UI's Service and Ingress, which the restarted operator meets the same way.
        await ApplyAsync(TestManifests.SparkPi("replayed", spec: s => s["sparkUi"] = new System.Text.Json.Nodes.JsonObject()));
        var app = (await GetAppAsync("replayed"))!;
        var desired = SubmissionBuilder.Build(app, 1, SubmissionOptions.Default with { SparkUi = new SparkUiOptions { Host = UiHost } });
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(desired.ServiceAccount!, Namespace);
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(desired.RoleBinding!, Namespace);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(desired.PodTemplates, Namespace);
        await Client.BatchV1.CreateNamespacedJobAsync(desired.SubmitJob, Namespace);
        await Client.CoreV1.CreateNamespacedServiceAsync(desired.SparkUiService!, Namespace);
        await Client.NetworkingV1.CreateNamespacedIngressAsync(desired.SparkUiIngress!, Namespace);

        // The Event the lifecycle records for this submission, under the name the recorder gives it.
        var names = (Func<int, AttemptNames>)(a => new AttemptNames(ResourceNames.SubmitJob("replayed", a), ResourceNames.DriverPod("replayed", a)));
        var submitted = ApplicationLifecycle.Decide(new LifecycleInput(app, ObservedAttempt.Nothing, names, DateTime.UtcNow, new LifecycleSettings()))
            .Events.Single(e => e.Reason == "Submitted");
        var name = EventAggregator.EventName(app.Name(), app.Uid(), submitted.Type.ToString(), submitted.Reason, submitted.Message);
        await Client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name },
                InvolvedObject = new V1ObjectReference { ApiVersion = app.ApiVersion, Kind = app.Kind, Name = app.Name(), NamespaceProperty = Namespace, Uid = app.Uid() },
                Type = submitted.Type.ToString(),
                Reason = submitted.Reason,
                Message = submitted.Message,
                Count = 1,
                FirstTimestamp = DateTime.UtcNow,
                LastTimestamp = DateTime.UtcNow,
            },
            Namespace);
        Saw($"attempt 1 of replayed written as a crashed operator left it; Event {name}");
        return name;
    }

    /// <summary>
    /// Grants the API server checks inside another request, so the audit log shows only that
    /// request; each counts as used when that request succeeded. Creating a RoleBinding to the
    /// driver's ClusterRole needs bind on it (RBAC's escalation check). Creating a child whose
    /// ownerReference sets blockOwnerDeletion needs update on the owner's finalizers (the
    /// OwnerReferencesPermissionEnforcement admission plugin, which this run's API server runs).
    /// </summary>
    private static IEnumerable<RbacTriple> CheckedInside(IReadOnlyList<AuditedCall> calls)
    {
        if (calls.Any(c => c is { Verb: "create", Resource: "rolebindings", Code: 201 }))
        {
            yield return new RbacTriple("rbac.authorization.k8s.io", "clusterroles", "bind");
        }

        if (calls.Any(c => c is { Verb: "create", Code: 201, Resource: "serviceaccounts" or "rolebindings" or "configmaps" or "jobs" }))
        {
            yield return new RbacTriple(SparkApplication.GroupName, "sparkapplications/finalizers", "update");
        }

        if (calls.Any(c => c is { Verb: "create", Code: 201, Resource: "deployments" or "services" or "ingresses" }))
        {
            yield return new RbacTriple(SparkApplication.GroupName, "sparkhistoryservers/finalizers", "update");
        }

        if (calls.Any(c => c is { Verb: "create", Code: 201, Resource: "sparkapplications" }))
        {
            yield return new RbacTriple(SparkApplication.GroupName, "scheduledsparkapplications/finalizers", "update");
        }
    }

    /// <summary>The triples used, with how many requests and which response codes: what the audit showed.</summary>
    private static string Table(IReadOnlyList<AuditedCall> calls, IEnumerable<RbacTriple> inside)
    {
        var text = new StringBuilder("The operator's requests, by (group, resource, verb):\n");
        foreach (var g in calls.GroupBy(c => new RbacTriple(c.Group, c.Resource, c.Verb)).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            text.AppendLine($"  {g.Key}: {g.Count()} ({string.Join(", ", g.GroupBy(c => c.Code).OrderBy(c => c.Key).Select(c => $"{c.Count()}x {c.Key}"))})");
        }

        foreach (var triple in inside)
        {
            text.AppendLine($"  {triple}: checked inside another request");
        }

        return text.ToString();
    }
}
