using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Lifecycle;
using static SparkOperator.Tests.Lifecycle.LifecycleFixtures;

namespace SparkOperator.Tests.Lifecycle;

/// <summary>The operator's default start timeout, runTimeoutSeconds and Always without retry counts, on virtual time.</summary>
public class TimeoutAndRetryTests
{
    private static V1Pod FailedDriver(int attempt) => Driver(attempt, "Failed", configure: p => p.Status.ContainerStatuses =
        [new V1ContainerStatus { Name = "spark", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", Message = "boom" } } }]);

    private static LifecycleDecision Decide(SparkApplication app, ObservedAttempt observed, DateTime now, LifecycleSettings settings) =>
        ApplicationLifecycle.Decide(new LifecycleInput(app, observed, Names, now, settings));

    [Test]
    public void A_driver_pending_past_the_operators_default_fails_its_attempt()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var pending = Driver(1, "Pending");

        var before = Step(app, Observed(Job(1, "Complete"), driver: pending), T0.AddMinutes(9));
        Assert.That(before.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));
        Assert.That(before.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(1)));

        var after = Step(app, Observed(Job(1, "Complete"), driver: pending), T0.AddMinutes(10));
        Assert.That(after.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(after.Status.Message, Does.Contain("did not start within 600s"));
        Assert.That(after.Action, Is.EqualTo(LifecycleAction.CleanUpAttempt));
    }

    [Test]
    public void The_applications_start_timeout_overrides_the_operators_default()
    {
        var app = App(s => s.DriverStartTimeoutSeconds = 3600);
        Step(app, ObservedAttempt.Nothing, T0);
        var decision = Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Pending")), T0.AddMinutes(30));
        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));
        Assert.That(decision.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(30)));
    }

    [Test]
    public void A_zero_default_start_timeout_waits_for_the_pod_to_change()
    {
        var settings = new LifecycleSettings { DefaultDriverStartTimeout = TimeSpan.Zero };
        var app = App();
        app.Status = Decide(app, ObservedAttempt.Nothing, T0, settings).Status;
        var decision = Decide(app, Observed(Job(1, "Complete"), driver: Driver(1, "Pending")), T0.AddHours(5), settings);
        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));
        Assert.That(decision.RequeueAfter, Is.Null);
    }

    [Test]
    public void A_driver_running_past_run_timeout_fails_with_the_reason_and_its_pods_are_deleted()
    {
        var app = App(s => s.RunTimeoutSeconds = 120);
        Step(app, ObservedAttempt.Nothing, T0);
        var running = Driver(1, "Running");

        var first = Step(app, Observed(Job(1, "Complete"), driver: running), T0.AddSeconds(30));
        Assert.That(first.Status.Phase, Is.EqualTo(ApplicationPhase.Running));
        Assert.That(first.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(120)), "looked at again when the deadline is due");

        var later = Step(app, Observed(Job(1, "Complete"), driver: running), T0.AddSeconds(100));
        Assert.That(later.Status.Phase, Is.EqualTo(ApplicationPhase.Running));
        Assert.That(later.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(50)), "counted from when the driver was first seen running, not from now");

        var due = Step(app, Observed(Job(1, "Complete"), driver: running), T0.AddSeconds(150));
        Assert.That(due.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(due.Action, Is.EqualTo(LifecycleAction.CleanUpAttempt));
        Assert.That(StatusConditions.Find(due.Status.Conditions, StatusConditions.Failed)!.Reason, Is.EqualTo("RunTimeout"));
        Assert.That(due.Status.Message, Does.Contain("runTimeoutSeconds (120s)"));
        Assert.That(due.Events.Select(e => e.Reason), Does.Contain("RunTimeout").And.Contain("Failed"));
    }

    [Test]
    public void Without_run_timeout_a_running_driver_is_not_looked_at_on_a_timer()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var decision = Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Running")), T0.AddDays(3));
        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Running));
        Assert.That(decision.RequeueAfter, Is.Null);
    }

    [Test]
    public void A_run_timeout_is_a_failed_run_that_on_failure_retries()
    {
        var app = App(s =>
        {
            s.RunTimeoutSeconds = 60;
            s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnFailureRetries = 1, OnFailureRetryIntervalSeconds = 10 };
        });
        Step(app, ObservedAttempt.Nothing, T0);
        Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Running")), T0.AddSeconds(5));
        var timedOut = Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Running")), T0.AddSeconds(65));
        Assert.That(timedOut.Status.Phase, Is.EqualTo(ApplicationPhase.Pending));
        Assert.That(timedOut.Status.ExecutionAttempts, Is.EqualTo(1));
        Assert.That(timedOut.Action, Is.EqualTo(LifecycleAction.CleanUpAttempt));
    }

    [Test]
    public void Always_without_retry_counts_retries_failed_runs_without_limit()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.Always, OnFailureRetryIntervalSeconds = 10 });
        var now = T0;
        Step(app, ObservedAttempt.Nothing, now);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            now = now.AddSeconds(30);
            var failed = Step(app, Observed(Job(attempt, "Complete"), driver: FailedDriver(attempt)), now);
            Assert.That(failed.Status.Phase, Is.EqualTo(ApplicationPhase.Pending), $"attempt {attempt}");
            Assert.That(failed.Status.NextAttemptTime, Is.EqualTo(now.AddSeconds(10)), "at the configured interval");
            now = now.AddSeconds(10);
            var next = Step(app, Observed(Job(attempt, "Complete")), now);
            Assert.That(next.Action, Is.EqualTo(LifecycleAction.Submit));
            Assert.That(next.Attempt, Is.EqualTo(attempt + 1));
        }

        Assert.That(app.Status!.ExecutionAttempts, Is.EqualTo(5));
    }

    [Test]
    public void Always_without_retry_counts_retries_failed_submissions_without_limit()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.Always, OnSubmissionFailureRetryIntervalSeconds = 3 });
        var now = T0;
        Step(app, ObservedAttempt.Nothing, now);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            now = now.AddSeconds(20);
            var failed = Step(app, Observed(Job(attempt, "Failed"), SubmitPod("Failed", exitCode: 1, message: "no such file")), now);
            Assert.That(failed.Status.Phase, Is.EqualTo(ApplicationPhase.Pending), $"attempt {attempt}");
            Assert.That(failed.Status.NextAttemptTime, Is.EqualTo(now.AddSeconds(3)));
            now = now.AddSeconds(3);
            Assert.That(Step(app, ObservedAttempt.Nothing, now).Attempt, Is.EqualTo(attempt + 1));
        }
    }

    [Test]
    public void Always_with_a_retry_count_stops_at_it()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.Always, OnFailureRetries = 1 });
        Step(app, ObservedAttempt.Nothing, T0);
        Assert.That(Step(app, Observed(Job(1, "Complete"), driver: FailedDriver(1)), T0.AddSeconds(30)).Status.Phase, Is.EqualTo(ApplicationPhase.Pending));
        Step(app, Observed(Job(1, "Complete")), T0.AddSeconds(40));
        var second = Step(app, Observed(Job(2, "Complete"), driver: FailedDriver(2)), T0.AddSeconds(80));
        Assert.That(second.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
    }

    [Test]
    public void On_failure_without_retry_counts_still_stops_at_the_first_failure()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure });
        Step(app, ObservedAttempt.Nothing, T0);
        Assert.That(Step(app, Observed(Job(1, "Complete"), driver: FailedDriver(1)), T0.AddSeconds(30)).Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
    }
}
