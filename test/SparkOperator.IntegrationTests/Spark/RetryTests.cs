using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Policy;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>Retries under restartPolicy OnFailure: run failures and submission failures, counted apart.</summary>
public class RetryTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Failed_drivers_are_retried_at_the_interval_with_a_new_driver_each_and_never_two_at_once()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();
        await using var drivers = PodWatch.Start(Client, Namespace, "spark-role=driver", Saw);
        const int interval = 3;
        await ApplyAsync(TestManifests.SparkPi("retried", outcome: "fail", spec: s => s["restartPolicy"] = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "OnFailure",
            ["onFailureRetries"] = 2,
            ["onFailureRetryIntervalSeconds"] = interval,
        }));

        var app = await WaitForPhaseAsync("retried", ApplicationPhase.Failed, TimeSpan.FromSeconds(180));

        var events = await EventsOnceAsync("retried", "Failed");
        var jobs = (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items.OrderBy(j => j.Metadata.CreationTimestamp).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(app.Status!.Attempt, Is.EqualTo(3));
            Assert.That(app.Status.ExecutionAttempts, Is.EqualTo(3));
            Assert.That(app.Status.SubmissionAttempts ?? 0, Is.Zero, "run failures are not submission failures");
            Assert.That(app.Status.Message, Does.Contain("exited with code 1"));
            Assert.That(drivers.Names, Is.EquivalentTo(new[] { 1, 2, 3 }.Select(a => ResourceNames.DriverPod("retried", a))), "each attempt has its own driver");
            Assert.That(drivers.MaxAtOnce, Is.EqualTo(1), "two drivers never exist at once");
            Assert.That(jobs.Select(j => j.Name()), Is.EqualTo(new[] { 1, 2, 3 }.Select(a => ResourceNames.SubmitJob("retried", a))));
            Assert.That(events.Count(e => e.Reason == "DriverFailed"), Is.EqualTo(3));
            Assert.That(events.Count(e => e.Reason == "RetryScheduled"), Is.EqualTo(2));
            Assert.That(events.Count(e => e.Reason == "Failed"), Is.EqualTo(1));
        });

        // The next attempt's Job comes no earlier than the interval after the previous driver failed.
        for (var attempt = 1; attempt < 3; attempt++)
        {
            var failedAt = events.Where(e => e.Reason == "DriverFailed").ElementAt(attempt - 1);
            var failedTime = failedAt.LastTimestamp ?? failedAt.EventTime ?? failedAt.Metadata.CreationTimestamp;
            var next = jobs[attempt].Metadata.CreationTimestamp;
            Assert.That(next - failedTime, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(interval - 1)), $"attempt {attempt + 1} started too early");
        }
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task Submission_failures_are_retried_and_counted_apart_from_run_failures()
    {
        TestCluster.RequireKwok();

        // The pod policy refuses confs that change pods around the templates unless an operator administrator allows them.
        await StartOperatorAsync(new OperatorStart { Arguments = [$"--{PodPolicy.AllowedSparkConfSetting}=spark.kubernetes.driver.pod.featureSteps"] });
        await ApplyAsync(TestManifests.SparkPi("unsubmittable", spec: s =>
        {
            s["sparkConf"] = new System.Text.Json.Nodes.JsonObject { ["spark.kubernetes.driver.pod.featureSteps"] = "org.example.MissingFeatureStep" };
            s["restartPolicy"] = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "OnFailure",
                ["onFailureRetries"] = 3,
                ["onSubmissionFailureRetries"] = 1,
                ["onSubmissionFailureRetryIntervalSeconds"] = 1,
            };
        }));

        var app = await WaitForPhaseAsync("unsubmittable", ApplicationPhase.Failed, TimeSpan.FromSeconds(180));

        Assert.Multiple(() =>
        {
            Assert.That(app.Status!.Attempt, Is.EqualTo(2));
            Assert.That(app.Status.SubmissionAttempts, Is.EqualTo(2));
            Assert.That(app.Status.ExecutionAttempts ?? 0, Is.Zero);
            Assert.That(app.Status.Message, Does.Contain("MissingFeatureStep"));
        });
    }
}
