using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Hosting;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// The account an application runs as, through real spark-submit: an existing account named by
/// driver.serviceAccountName (marked and bound by its namespace's admin, here the test), its refusal
/// while it is missing or unmarked, and the metadata of the account the operator makes.
/// </summary>
public class ServiceAccountTests : SparkApplicationTest
{
    private const string Marked = OwnedLabels.UsableBySparkApplications + "=" + OwnedLabels.UsableBySparkApplicationsValue;

    [Test]
    [Category("NeedsKwok")]
    public async Task A_named_account_runs_spark_submit_the_driver_and_the_executors_and_none_is_made()
    {
        TestCluster.RequireKwok();
        await EnforceRestrictedPodSecurityAsync();
        await StartOperatorAsync(new OperatorStart { Webhook = true });

        // The sample as written: the account, its binding to the driver's ClusterRole, the application.
        await ApplyAsync(TestManifests.Load(RepositoryFiles.Path("samples", "service-account.yaml")).WithDriverOutcome("succeed").WithPatientSubmission());
        var app = await WaitForPhaseAsync("etl-spark-pi", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));

        var submitPod = (await PodsAsync($"batch.kubernetes.io/job-name={app.Status!.SubmitJobName}")).Single();
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status.DriverPodName, Namespace);
        var templates = await Client.CoreV1.ReadNamespacedConfigMapAsync(ResourceNames.PodTemplates("etl-spark-pi", 1), Namespace);
        var accounts = (await Client.CoreV1.ListNamespacedServiceAccountAsync(Namespace)).Items.Select(a => a.Name()).ToList();
        var bindings = (await Client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(Namespace)).Items.Select(b => b.Name()).ToList();
        Saw($"accounts: {string.Join(", ", accounts)}; bindings: {string.Join(", ", bindings)}");

        Assert.Multiple(() =>
        {
            Assert.That(submitPod.Spec.ServiceAccountName, Is.EqualTo("spark-etl"), "spark-submit runs as the named account");
            Assert.That(driver.Spec.ServiceAccountName, Is.EqualTo("spark-etl"), "the driver spark-submit created runs as it");
            Assert.That(driver.Spec.AutomountServiceAccountToken, Is.Not.False, "the driver keeps its token to start executors");
            Assert.That(templates.Data[OwnedPaths.ExecutorTemplateFile], Does.Contain("serviceAccountName: spark-etl").And.Contain("automountServiceAccountToken: false"));
            Assert.That(accounts, Does.Not.Contain(ResourceNames.ServiceAccount("etl-spark-pi")), "the operator made no account");
            Assert.That(bindings, Is.EqualTo(new[] { "spark-etl" }), "the operator bound nothing");
        });
        await AssertPodsRestrictedAsync(app);
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task An_unmarked_or_missing_account_is_refused_once_and_the_application_proceeds_once_it_is_usable()
    {
        TestCluster.RequireKwok();
        await CreateBoundAccountAsync("etl", marked: false);
        await StartOperatorAsync(new OperatorStart { Arguments = [$"--{OperatorSettings.ServiceAccountRecheckIntervalKey}=00:00:01"] });
        await ApplyAsync(
        [
            TestManifests.SparkPi("unmarked", spec: s => s["driver"]!["serviceAccountName"] = "etl"),
            TestManifests.SparkPi("missing", spec: s => s["driver"]!["serviceAccountName"] = "later"),
        ]);

        var unmarked = await WaitForRefusalAsync("unmarked");
        var missing = await WaitForRefusalAsync("missing");

        // Looked at again and again (level-based), without a Job, an attempt or a second Event.
        await Eventually.UntilAsync(
            () => Seen().Split('\n').Count(l => l.Contains($"{Namespace}/unmarked waits for its ServiceAccount", StringComparison.Ordinal)) >= 4,
            "the operator to look at the unmarked account a few times",
            TimeSpan.FromSeconds(30),
            Seen);
        var jobs = (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items;
        var unmarkedEvents = await EventsAboutAsync("unmarked");
        var missingEvents = await EventsAboutAsync("missing");
        var stillWaiting = (await GetAppAsync("unmarked"))!;

        Assert.Multiple(() =>
        {
            Assert.That(unmarked.Status!.Message, Does.Contain($"kubectl -n {Namespace} label serviceaccount etl {Marked}"));
            Assert.That(unmarked.Status.Message, Does.Contain("is not marked"));
            Assert.That(missing.Status!.Message, Does.Contain($"ServiceAccount {Namespace}/later").And.Contain("does not exist").And.Contain($"label serviceaccount later {Marked}"));
            Assert.That(jobs, Is.Empty, "nothing was submitted");
            Assert.That(stillWaiting.Status!.Attempt, Is.Null, "no attempt was made");
            Assert.That(stillWaiting.Status.SubmissionAttempts, Is.Null, "nor counted");
            Assert.That(unmarkedEvents.Where(e => e.Reason == "ServiceAccountNotUsable").Select(e => (e.Type, e.Count)), Is.EqualTo(new[] { ("Warning", (int?)1) }), "one Event, not one per look");
            Assert.That(missingEvents.Count(e => e.Reason == "ServiceAccountNotUsable"), Is.EqualTo(1));
            Assert.That(unmarkedEvents.Select(e => e.Reason), Has.None.EqualTo("Submitted"));
        });

        // The namespace's admin marks the one and creates the other: both run, as their accounts.
        await Client.CoreV1.PatchNamespacedServiceAccountAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [OwnedLabels.UsableBySparkApplications] = "true" } } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            "etl",
            Namespace);
        await CreateBoundAccountAsync("later", marked: true);
        Saw("marked etl, created later (marked and bound)");
        foreach (var (name, account) in new[] { ("unmarked", "etl"), ("missing", "later") })
        {
            var done = await WaitForPhaseAsync(name, ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));
            var driver = await Client.CoreV1.ReadNamespacedPodAsync(done.Status!.DriverPodName, Namespace);
            Assert.That(driver.Spec.ServiceAccountName, Is.EqualTo(account));
            Assert.That(done.Status.Attempt, Is.EqualTo(1));
        }
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task Annotations_and_labels_from_the_spec_are_on_the_account_the_operator_makes()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync(new OperatorStart { Webhook = true });
        await ApplyAsync(TestManifests.Load(RepositoryFiles.Path("samples", "workload-identity.yaml")).WithDriverOutcome("succeed").WithPatientSubmission());
        var app = await WaitForPhaseAsync("identity-spark-pi", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));

        var account = await Client.CoreV1.ReadNamespacedServiceAccountAsync(ResourceNames.ServiceAccount("identity-spark-pi"), Namespace);
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status!.DriverPodName, Namespace);

        // The webhook refuses what policy does not allow on the account, at its field path.
        var denied = await Kubectl.ExpectAsync(1, ["apply", "-n", Namespace, "-f", "-"], TestManifests.ToList(
        [
            TestManifests.SparkPi("dressed", spec: s => s["serviceAccount"] = new JsonObject { ["annotations"] = new JsonObject { ["kubernetes.io/enforce-mountable-secrets"] = "false" } }),
        ]));
        Saw($"kubectl apply: {denied.Trim()}");

        Assert.Multiple(() =>
        {
            Assert.That(account.Metadata.Annotations["iam.gke.io/gcp-service-account"], Is.EqualTo("spark-pi@example-project.iam.gserviceaccount.com"));
            Assert.That(account.GetLabel("team"), Is.EqualTo("analytics"));
            Assert.That(account.GetLabel(SubmissionLabels.ManagedBy), Is.EqualTo(OperatorDefaults.Name));
            Assert.That(driver.Spec.ServiceAccountName, Is.EqualTo(account.Name()));
            Assert.That(denied, Does.Contain("spec.serviceAccount.annotations[kubernetes.io/enforce-mountable-secrets]"));
        });
    }

    private async Task<SparkApplication> WaitForRefusalAsync(string name) =>
        await WaitForAppAsync(
            name,
            a => a.Status?.Phase == ApplicationPhase.Pending
                && a.Status.Conditions?.Any(c => c.Type == "Submitted" && c.Status == "False" && c.Reason == "ServiceAccountNotUsable") == true,
            "to wait for its ServiceAccount",
            TimeSpan.FromSeconds(60));

    /// <summary>What a namespace's admin does: an account, bound to the driver's ClusterRole, marked or not.</summary>
    private async Task CreateBoundAccountAsync(string name, bool marked)
    {
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = marked ? new Dictionary<string, string> { [OwnedLabels.UsableBySparkApplications] = OwnedLabels.UsableBySparkApplicationsValue } : null,
                },
            },
            Namespace);
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = OperatorDefaults.DriverClusterRole },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name, NamespaceProperty = Namespace }],
            },
            Namespace);
    }
}
