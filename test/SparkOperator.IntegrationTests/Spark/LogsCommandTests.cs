using k8s;
using SparkOperator.Cli;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// The logs command finds, through a real API server, the submit pod the Job made and the driver
/// real spark-submit created, and keeps going when a log cannot be read (the kit's nodes have no
/// kubelet to serve logs; the recorded answers in the unit tests cover the log text).
/// </summary>
public class LogsCommandTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Finds_the_submit_pod_and_the_driver_of_a_finished_application_and_reports_each_unreadable_log()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("logged"));
        var app = await WaitForPhaseAsync("logged", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));
        var submitPods = await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: $"job-name={app.Status!.SubmitJobName}");
        var submitPod = submitPods.Items.Single().Metadata.Name;

        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = await new ApplicationLogs(Client, output, error).PrintAsync(new ApplicationLogs.Request(Namespace, "logged"), CancellationToken.None);

        var headers = output.ToString().Split('\n').Where(l => l.StartsWith("==> ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(headers, Has.Count.EqualTo(2), output.ToString());
            Assert.That(headers[0], Does.StartWith($"==> {SubmissionLabels.SubmitComponent} pod/{submitPod} "));
            Assert.That(headers[1], Does.StartWith($"==> {SubmissionLabels.DriverComponent} pod/{app.Status.DriverPodName} "));
            foreach (var pod in new[] { submitPod, app.Status.DriverPodName })
            {
                // Either the API server served the log, or the command said why not, naming the pod.
                var section = output.ToString().Split("==> ").Single(s => s.Contains($"pod/{pod} ", StringComparison.Ordinal));
                var served = section.Split('\n', 2)[1].Length > 0;
                Assert.That(served || error.ToString().Contains($"logs: pod/{pod}: ", StringComparison.Ordinal), Is.True, error.ToString());
            }

            Assert.That(exit, Is.EqualTo(error.ToString().Length == 0 ? 0 : 1));
        });
    }
}
