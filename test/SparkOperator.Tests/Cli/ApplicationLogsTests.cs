using System.Net;
using k8s;
using k8s.Models;
using SparkOperator.Cli;
using SparkOperator.Entities;
using SparkOperator.Spark;
using SparkOperator.Submission;
using SparkOperator.Tests.Submission;

namespace SparkOperator.Tests.Cli;

/// <summary>
/// The logs command against recorded API answers: the pods carry the labels the operator's Job and
/// pod templates give them (as the submit pod, Spark's driver and its executors do), and the list
/// answers are filtered by the selector the command sends, as the API server filters them.
/// </summary>
public class ApplicationLogsTests
{
    private const string Ns = "team-a";
    private const string SparkPath = $"/apis/{SparkApplication.GroupName}/{SparkApplication.Version}/namespaces/{Ns}/{SparkApplication.Plural}";
    private const string PodsPath = $"/api/v1/namespaces/{Ns}/pods";

    private RecordedApiServer server = null!;
    private List<V1Pod> pods = null!;

    [SetUp]
    public void Start()
    {
        server = new RecordedApiServer();
        pods = [];
        server.AnswerList(PodsPath, selector => KubernetesJson.Serialize(new V1PodList
        {
            ApiVersion = "v1",
            Kind = "PodList",
            Metadata = new V1ListMeta(),
            Items = [.. pods.Where(p => selector.All(s => p.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value))],
        }));
    }

    [TearDown]
    public async Task Stop() => await server.DisposeAsync();

    [Test]
    public async Task Prints_submit_driver_and_executor_logs_of_the_current_attempt_from_the_spark_container()
    {
        var app = Finished(attempt: 2);
        Record(app, attempt: 1, "submit", "app-submit-1-abcde", "1st submit\n");
        Record(app, attempt: 2, "submit", "app-submit-2-fghij", "Submitting application app\n");
        Record(app, attempt: 2, "driver", "app-driver-2", "Pi is roughly 3.14\nStopped SparkContext\n");
        Record(app, attempt: 2, "executor", "app-2-exec-10", "executor 10 done");
        Record(app, attempt: 2, "executor", "app-2-exec-9", "executor 9 done\n");

        var (exit, output, error) = await Run(new ApplicationLogs.Request(Ns, "app"));

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Is.EqualTo(
            "==> submit pod/app-submit-2-fghij (Succeeded) <==\nSubmitting application app\n"
            + "==> driver pod/app-driver-2 (Succeeded) <==\nPi is roughly 3.14\nStopped SparkContext\n"
            + "==> executor pod/app-2-exec-9 (Succeeded) <==\nexecutor 9 done\n"
            + "==> executor pod/app-2-exec-10 (Succeeded) <==\nexecutor 10 done\n"));
        var logReads = server.Requests.Where(r => r.Contains("/log", StringComparison.Ordinal)).ToList();
        Assert.That(logReads, Has.Count.EqualTo(4));
        Assert.That(logReads.Where(r => r.Contains("submit", StringComparison.Ordinal)), Has.All.Contains($"container={OwnedPaths.SubmitContainer}"));
        Assert.That(logReads.Where(r => !r.Contains("submit", StringComparison.Ordinal)), Has.All.Contains($"container={OwnedPaths.SparkContainer}"));
    }

    [Test]
    public async Task An_earlier_attempt_without_executors_and_with_a_tail()
    {
        var app = Finished(attempt: 2);
        Record(app, attempt: 1, "submit", "app-submit-1-abcde", "1st submit\n");
        Record(app, attempt: 1, "driver", "app-driver-1", "OutOfMemoryError\n");
        Record(app, attempt: 1, "executor", "app-1-exec-1", "never read\n");

        var (exit, output, _) = await Run(new ApplicationLogs.Request(Ns, "app", Attempt: 1, Executors: false, TailLines: 20));

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("app-driver-1").And.Contain("OutOfMemoryError").And.Not.Contain("exec"));
        Assert.That(server.Requests.Where(r => r.Contains("/log", StringComparison.Ordinal)), Has.All.Contains("tailLines=20"));
    }

    [Test]
    public async Task A_log_the_api_server_cannot_read_is_reported_and_the_others_still_print()
    {
        var app = Finished(attempt: 1);
        Record(app, attempt: 1, "driver", "app-driver-1", "driver log\n");
        Record(app, attempt: 1, "executor", "app-1-exec-1", null);

        var (exit, output, error) = await Run(new ApplicationLogs.Request(Ns, "app"));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("driver log"));
        Assert.That(error, Does.Contain("pod/app-1-exec-1").And.Contain("no preferred addresses found"));
    }

    [Test]
    public async Task A_missing_or_unsubmitted_application_is_named()
    {
        var (exit, _, error) = await Run(new ApplicationLogs.Request(Ns, "nope"));
        Assert.That((exit, error), Is.EqualTo((1, $"logs: SparkApplication {Ns}/nope not found\n")));

        var app = TestApps.Minimal(ns: Ns);
        server.Answer($"{SparkPath}/app", HttpStatusCode.OK, KubernetesJson.Serialize(WithKind(app)));
        (exit, _, error) = await Run(new ApplicationLogs.Request(Ns, "app"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("not been submitted"));

        app.Status = new SparkApplicationStatus { Attempt = 1 };
        server.Answer($"{SparkPath}/app", HttpStatusCode.OK, KubernetesJson.Serialize(WithKind(app)));
        (exit, _, error) = await Run(new ApplicationLogs.Request(Ns, "app"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("no pods left"));
    }

    private SparkApplication Finished(int attempt)
    {
        var app = TestApps.Minimal(ns: Ns);
        app.Status = new SparkApplicationStatus { Phase = ApplicationPhase.Succeeded, Attempt = attempt };
        server.Answer($"{SparkPath}/app", HttpStatusCode.OK, KubernetesJson.Serialize(WithKind(app)));
        return app;
    }

    // A pod as the kubelet-less API server lists it, labelled as the operator's templates label it;
    // a null log answers as the API server does when it cannot reach the pod's node.
    private void Record(SparkApplication app, int attempt, string role, string podName, string? log)
    {
        var built = TestApps.Build(app, attempt);
        var labels = role == "submit" ? built.SubmitJob.Spec.Template.Metadata.Labels : TestApps.PodMetadata(built, role).Labels;
        pods.Add(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = podName,
                NamespaceProperty = Ns,
                Labels = new Dictionary<string, string>(labels) { [OwnedLabels.SparkRole] = role, [OwnedLabels.SparkExecutorId] = podName.Split('-').Last() },
                CreationTimestamp = new DateTime(2026, 12, 2, 12, 0, pods.Count, DateTimeKind.Utc),
            },
            Status = new V1PodStatus { Phase = "Succeeded" },
        });
        var container = role == "submit" ? OwnedPaths.SubmitContainer : OwnedPaths.SparkContainer;
        var path = $"{PodsPath}/{podName}/log?container={container}";
        foreach (var query in new[] { path, path + "&tailLines=20" })
        {
            if (log is null)
            {
                server.Answer(query, HttpStatusCode.BadRequest, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"no preferred addresses found; known addresses: []","reason":"BadRequest","code":400}""");
            }
            else
            {
                server.Answer(query, HttpStatusCode.OK, log, "text/plain");
            }
        }
    }

    private static SparkApplication WithKind(SparkApplication app)
    {
        app.ApiVersion = SparkApplication.ApiVersionString;
        app.Kind = SparkApplication.KindName;
        return app;
    }

    private async Task<(int Exit, string Output, string Error)> Run(ApplicationLogs.Request request)
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = await new ApplicationLogs(client, output, error).PrintAsync(request, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
