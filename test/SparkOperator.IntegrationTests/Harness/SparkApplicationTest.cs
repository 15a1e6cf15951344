using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Hosting;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// A test of the Spark operator against the real control plane: starts the operator host in the
/// test process, applies manifests with kubectl, reads applications back from the API server and,
/// when it fails, prints every application's status, the namespace's events, its pods and Jobs,
/// and the spark-submit logs the kit kept.
/// </summary>
public abstract class SparkApplicationTest : ClusterTest
{
    private CustomResourceClient<SparkApplication> Apps => new(Client, "integration-tests");

    /// <summary>
    /// The Lease this test's operators elect their leader with lives in the operator's namespace,
    /// which outlives the test's: it goes at tear-down, after the operators (registered first, so run last).
    /// </summary>
    [SetUp]
    public void DeleteLeaseAtTearDown() => OnTearDown(async () =>
    {
        try
        {
            await Client.CoordinationV1.DeleteNamespacedLeaseAsync(InProcessOperator.LeaseName(Namespace), OperatorDefaults.Namespace);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    });

    /// <summary>Starts the operator host in-process; it is stopped at tear-down.</summary>
    protected async Task<InProcessOperator> StartOperatorAsync(OperatorStart? start = null)
    {
        var op = await InProcessOperator.StartAsync(Client, Namespace, Saw, start);
        OnTearDown(op.DisposeAsync);
        return op;
    }

    /// <summary>
    /// Labels the namespace so Pod Security admission enforces the restricted level (latest) on
    /// every pod created in it: the Job controller's submit pods, and the drivers spark-submit creates.
    /// </summary>
    protected async Task EnforceRestrictedPodSecurityAsync()
    {
        var labels = new JsonObject { ["pod-security.kubernetes.io/enforce"] = "restricted", ["pod-security.kubernetes.io/enforce-version"] = "latest" };
        await Client.CoreV1.PatchNamespaceAsync(new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } }.ToJsonString(), V1Patch.PatchType.MergePatch), Namespace);
        Saw("namespace enforces Pod Security level restricted");
    }

    /// <summary>
    /// The application's submit pod and the driver pod spark-submit created, each of whose
    /// containers runs as non-root with the RuntimeDefault seccomp profile (set on the container
    /// or inherited from the pod), as the restricted level requires.
    /// </summary>
    protected async Task AssertPodsRestrictedAsync(SparkApplication app)
    {
        var submit = await PodsAsync($"batch.kubernetes.io/job-name={app.Status!.SubmitJobName}");
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status.DriverPodName, Namespace);
        Assert.That(submit, Is.Not.Empty, $"{app.Name()} has no submit pod");
        foreach (var pod in submit.Append(driver))
        {
            foreach (var container in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers))
            {
                var where = $"{app.Name()}: pod {pod.Name()} container {container.Name}";
                Assert.That(container.SecurityContext?.RunAsNonRoot ?? pod.Spec.SecurityContext?.RunAsNonRoot, Is.True, $"{where} may run as root");
                Assert.That((container.SecurityContext?.SeccompProfile ?? pod.Spec.SecurityContext?.SeccompProfile)?.Type, Is.EqualTo("RuntimeDefault"), $"{where} has no RuntimeDefault seccomp profile");
            }
        }
    }

    /// <summary><c>kubectl apply -n NS -f -</c>, failing the test on error; returns kubectl's output.</summary>
    protected async Task<string> ApplyAsync(string manifest)
    {
        var output = await Kubectl.ExpectAsync(0, ["apply", "-n", Namespace, "-f", "-"], manifest);
        Saw($"kubectl apply: {output.Trim()}");
        return output;
    }

    /// <summary>Applies one JSON document.</summary>
    protected Task<string> ApplyAsync(JsonObject document) => ApplyAsync([document]);

    /// <summary>Applies JSON documents as one List.</summary>
    protected Task<string> ApplyAsync(IEnumerable<JsonObject> documents) => ApplyAsync(TestManifests.ToList(documents));

    /// <summary>The application as the API server has it, or null.</summary>
    protected Task<SparkApplication?> GetAppAsync(string name) => Apps.GetAsync(Namespace, name);

    /// <summary>Waits until the application satisfies <paramref name="predicate"/>; returns it.</summary>
    protected Task<SparkApplication> WaitForAppAsync(string name, Func<SparkApplication, bool> predicate, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => GetAppAsync(name), predicate, $"{name} {what}", timeout ?? TimeSpan.FromSeconds(90), Seen);

    /// <summary>Waits for a phase.</summary>
    protected Task<SparkApplication> WaitForPhaseAsync(string name, ApplicationPhase phase, TimeSpan? timeout = null) =>
        WaitForAppAsync(name, a => a.Status?.Phase == phase, $"to reach phase {phase}", timeout);

    /// <summary>The events about one object of the namespace, oldest first.</summary>
    protected async Task<IReadOnlyList<Corev1Event>> EventsAboutAsync(string name) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: $"involvedObject.name={name}")).Items
            .OrderBy(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp)];

    /// <summary>The events about <paramref name="name"/> once one has <paramref name="reason"/> (the controller records events after it writes the status).</summary>
    protected Task<IReadOnlyList<Corev1Event>> EventsOnceAsync(string name, string reason) =>
        Eventually.ValueAsync<IReadOnlyList<Corev1Event>>(async () => await EventsAboutAsync(name), e => e.Any(x => x.Reason == reason), $"an event {reason} about {name}", describe: Seen);

    /// <summary>The application's pods with one component (submit, driver, executor).</summary>
    protected async Task<IReadOnlyList<V1Pod>> PodsAsync(string labelSelector) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: labelSelector)).Items];

    /// <summary>The spark-submit output the kit kept for a pod of this namespace, or null.</summary>
    protected string? SubmitLog(string pod) =>
        TestCluster.Directory is { } dir && File.Exists(Path.Combine(dir, "pods", Namespace, pod, "log"))
            ? File.ReadAllText(Path.Combine(dir, "pods", Namespace, pod, "log"))
            : null;

    /// <summary>The spark-submit output of every pod of the Job, concatenated.</summary>
    protected async Task<string> SubmitLogsOfJobAsync(string job)
    {
        var text = new StringBuilder();
        foreach (var pod in await PodsAsync($"batch.kubernetes.io/job-name={job}"))
        {
            text.AppendLine(SubmitLog(pod.Name()) ?? string.Empty);
        }

        return text.ToString();
    }

    /// <summary>
    /// A copy of a sample as a test can run it: drivers end by annotation, the dependency Job's pod
    /// too, packages come from the loopback repository, and the cluster-wide PV gets a name of its own.
    /// </summary>
    protected List<JsonObject> PrepareCopy(string sample, TinyMavenRepository maven)
    {
        var documents = TestManifests.Load(sample).WithDriverOutcome("succeed").WithPatientSubmission();
        foreach (var document in documents)
        {
            switch ((string?)document["kind"])
            {
                case "Job":
                    document["spec"]!["template"]!["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubebox/outcome"] = "succeed" } };
                    break;
                case "PersistentVolume":
                    var pv = $"{document["metadata"]!["name"]}-{Namespace}";
                    document["metadata"]!["name"] = pv;
                    foreach (var claim in documents.Where(d => (string?)d["kind"] == "PersistentVolumeClaim"))
                    {
                        claim["spec"]!["volumeName"] = pv;
                    }

                    OnTearDown(async () => await Client.CoreV1.DeletePersistentVolumeAsync(pv));
                    break;
                case "SparkApplication":
                    if (document["spec"]!["deps"] is JsonObject deps && deps["packages"] is not null)
                    {
                        deps["packages"] = new JsonArray(TinyMavenRepository.Coordinates);
                        deps["repositories"] = new JsonArray(maven.Url.ToString());
                    }

                    break;
            }
        }

        return documents;
    }

    protected override async Task<string> DescribeAsync()
    {
        var text = new StringBuilder();
        foreach (var app in await Apps.ListAsync(Namespace))
        {
            text.AppendLine($"--- SparkApplication {app.Name()} status:\n{KubernetesYaml.Serialize(app.Status)}");
        }

        text.AppendLine("--- events:");
        foreach (var e in (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.OrderBy(e => e.Metadata.CreationTimestamp))
        {
            text.AppendLine($"{e.Metadata.CreationTimestamp:HH:mm:ss} {e.InvolvedObject.Kind}/{e.InvolvedObject.Name} {e.Type} {e.Reason}: {e.Message}");
        }

        text.AppendLine("--- jobs:");
        foreach (var job in (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items)
        {
            text.AppendLine($"{job.Name()} active={job.Status?.Active} succeeded={job.Status?.Succeeded} failed={job.Status?.Failed}");
        }

        text.AppendLine("--- pods:");
        foreach (var pod in (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items)
        {
            text.AppendLine($"{pod.Name()} {pod.Status?.Phase} deleting={pod.Metadata.DeletionTimestamp is not null} "
                + $"labels={string.Join(',', (pod.Labels() ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}"))} "
                + $"{string.Join(' ', pod.Status?.Conditions?.Where(c => c.Status != "True").Select(c => $"{c.Type}:{c.Reason}:{c.Message}") ?? [])}");
            if (SubmitLog(pod.Name()) is { } log)
            {
                text.AppendLine($"    spark-submit log ({Path.Combine(TestCluster.Directory!, "pods", Namespace, pod.Name(), "log")}):");
                foreach (var line in log.Split('\n').TakeLast(40))
                {
                    text.AppendLine($"    | {line}");
                }
            }
        }

        return text.ToString();
    }
}
