using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Events;
using SparkOperator.Lifecycle;
using static SparkOperator.Tests.Lifecycle.LifecycleFixtures;

namespace SparkOperator.Tests.Lifecycle;

public class ApplicationLifecycleTests
{
    [Test]
    public void A_new_application_submits_attempt_one()
    {
        var app = App();
        var decision = Decide(app, ObservedAttempt.Nothing, T0);

        Assert.That(decision.Action, Is.EqualTo(LifecycleAction.Submit));
        Assert.That(decision.Attempt, Is.EqualTo(1));
        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));
        Assert.That(decision.Status.SubmitJobName, Is.EqualTo("pi-submit-1"));
        Assert.That(decision.Status.DriverPodName, Is.EqualTo("pi-1-driver"));
        Assert.That(decision.Status.StartTime, Is.EqualTo(T0));
        Assert.That(decision.Status.ObservedGeneration, Is.EqualTo(1));
        Assert.That(StatusConditions.IsTrue(decision.Status.Conditions, StatusConditions.Submitted), Is.True);
        Assert.That(decision.Events.Select(e => e.Reason), Is.EqualTo(new[] { "Submitted" }));
    }

    [Test]
    public void Deciding_twice_on_the_same_state_gives_the_same_decision()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var observed = Observed(Job(1), driver: Driver(1, "Running"));
        var first = Decide(app, observed, T0.AddSeconds(5));
        var second = Decide(app, observed, T0.AddSeconds(5));

        Assert.That(second.Action, Is.EqualTo(first.Action));
        Assert.That(k8s.KubernetesJson.Serialize(second.Status), Is.EqualTo(k8s.KubernetesJson.Serialize(first.Status)));
        Assert.That(app.Status.Attempt, Is.EqualTo(1), "deciding must not change the input");
    }

    [Test]
    public void A_submitted_attempt_not_yet_visible_waits_for_the_cache_then_applies_again()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);

        var early = Decide(app, ObservedAttempt.Nothing, T0.AddSeconds(10));
        Assert.That(early.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(early.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));

        var late = Decide(app, ObservedAttempt.Nothing, T0.AddSeconds(31));
        Assert.That(late.Action, Is.EqualTo(LifecycleAction.Submit));
        Assert.That(late.Attempt, Is.EqualTo(1), "the same attempt: its names are deterministic, so no second driver can start");
        Assert.That(late.Events.Single().Reason, Is.EqualTo("Resubmitting"));
    }

    [Test]
    public void A_running_submit_job_keeps_the_application_submitted()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var decision = Decide(app, Observed(Job(1), SubmitPod("Running")), T0.AddSeconds(3));

        Assert.That(decision.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));
        Assert.That(decision.Status.Message, Does.Contain("pi-submit-1"));
    }

    [Test]
    public void A_failed_submission_reports_the_exit_code_and_spark_error_and_fails_without_retries()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var log = "line one\nException in thread \"main\" org.apache.spark.SparkException: Must specify the driver container image";
        var decision = Decide(app, Observed(Job(1, "Failed"), SubmitPod("Failed", 101, log)), T0.AddSeconds(8));

        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(decision.Status.Message, Does.Contain("exited with code 101"));
        Assert.That(decision.Status.Message, Does.Contain("Must specify the driver container image"));
        Assert.That(decision.Status.SubmissionAttempts, Is.EqualTo(1));
        Assert.That(decision.Status.ExecutionAttempts, Is.Null);
        Assert.That(decision.Status.CompletionTime, Is.EqualTo(T0.AddSeconds(8)));
        Assert.That(StatusConditions.IsTrue(decision.Status.Conditions, StatusConditions.Failed), Is.True);
        var warning = decision.Events.First(e => e.Reason == "SubmissionFailed");
        Assert.That(warning.Type, Is.EqualTo(EventType.Warning));
        Assert.That(warning.Message, Does.Contain("code 101"));
    }

    [Test]
    public void A_failed_submission_is_retried_within_its_own_budget_after_its_interval()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnSubmissionFailureRetries = 1, OnSubmissionFailureRetryIntervalSeconds = 20, OnFailureRetries = 5 });
        Step(app, ObservedAttempt.Nothing, T0);

        var failed = Step(app, Observed(Job(1, "Failed"), SubmitPod("Failed", 1, "boom")), T0.AddSeconds(5));
        Assert.That(failed.Status.Phase, Is.EqualTo(ApplicationPhase.Pending));
        Assert.That(failed.Status.NextAttemptTime, Is.EqualTo(T0.AddSeconds(25)));
        Assert.That(failed.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(failed.Events.Select(e => e.Reason), Is.EquivalentTo(new[] { "SubmissionFailed", "RetryScheduled" }));

        var waiting = Decide(app, Observed(Job(1, "Failed")), T0.AddSeconds(10));
        Assert.That(waiting.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(waiting.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(15)));

        var second = Step(app, ObservedAttempt.Nothing, T0.AddSeconds(25));
        Assert.That(second.Action, Is.EqualTo(LifecycleAction.Submit));
        Assert.That(second.Attempt, Is.EqualTo(2));
        Assert.That(second.Status.SubmitJobName, Is.EqualTo("pi-submit-2"));

        var failedAgain = Decide(app, Observed(Job(2, "Failed"), SubmitPod("Failed", 1, "boom")), T0.AddSeconds(30));
        Assert.That(failedAgain.Status.Phase, Is.EqualTo(ApplicationPhase.Failed), "one submission retry allowed, two failures");
        Assert.That(failedAgain.Status.SubmissionAttempts, Is.EqualTo(2));
    }

    [Test]
    public void Spark_submit_success_without_a_driver_fails_after_the_grace_period()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var complete = Job(1, "Complete", T0.AddSeconds(4));

        var early = Decide(app, Observed(complete), T0.AddSeconds(10));
        Assert.That(early.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(early.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));

        var late = Decide(app, Observed(complete), T0.AddSeconds(40));
        Assert.That(late.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(late.Events.Select(e => e.Reason), Does.Contain("DriverNotCreated"));
    }

    [Test]
    public void A_running_driver_makes_the_application_running_with_its_spark_id_and_one_event()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var observed = Observed(Job(1, "Complete"), driver: Driver(1, "Running"));

        var running = Step(app, observed, T0.AddSeconds(6));
        Assert.That(running.Status.Phase, Is.EqualTo(ApplicationPhase.Running));
        Assert.That(running.Status.SparkApplicationId, Is.EqualTo("spark-0123456789abcdef"));
        Assert.That(StatusConditions.IsTrue(running.Status.Conditions, StatusConditions.Running), Is.True);
        Assert.That(running.Events.Single().Reason, Is.EqualTo("DriverRunning"));

        var again = Decide(app, observed, T0.AddSeconds(60));
        Assert.That(again.Events, Is.Empty, "no event per reconcile, only per transition");
    }

    [Test]
    public void A_succeeded_driver_completes_the_application()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Running")), T0.AddSeconds(6));
        var done = Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Succeeded")), T0.AddSeconds(60));

        Assert.That(done.Status.Phase, Is.EqualTo(ApplicationPhase.Succeeded));
        Assert.That(done.Status.CompletionTime, Is.EqualTo(T0.AddSeconds(60)));
        Assert.That(StatusConditions.IsTrue(done.Status.Conditions, StatusConditions.Succeeded), Is.True);
        Assert.That(StatusConditions.IsTrue(done.Status.Conditions, StatusConditions.Failed), Is.False);
        Assert.That(StatusConditions.IsTrue(done.Status.Conditions, StatusConditions.Running), Is.False);
        Assert.That(done.Events.Single().Reason, Is.EqualTo("Succeeded"));
        Assert.That(done.RequeueAfter, Is.Null);

        var later = Decide(app, Observed(Job(1, "Complete"), driver: Driver(1, "Succeeded")), T0.AddSeconds(600));
        Assert.That(later.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(later.Events, Is.Empty);
    }

    [Test]
    public void Restart_policy_always_reruns_after_success()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.Always, OnFailureRetryIntervalSeconds = 7 });
        Step(app, ObservedAttempt.Nothing, T0);
        var done = Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Succeeded")), T0.AddSeconds(60));

        Assert.That(done.Status.Phase, Is.EqualTo(ApplicationPhase.Pending));
        Assert.That(done.Status.NextAttemptTime, Is.EqualTo(T0.AddSeconds(67)));
        Assert.That(done.Status.ExecutionAttempts, Is.Null, "success is not a failed run");
    }

    [Test]
    public void A_failed_driver_is_retried_on_failure_then_fails_when_retries_run_out()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnFailureRetries = 1, OnFailureRetryIntervalSeconds = 10 });
        Step(app, ObservedAttempt.Nothing, T0);
        var failedDriver = Driver(1, "Failed", configure: p => p.Status.ContainerStatuses =
            [new V1ContainerStatus { Name = "spark", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", Message = "java.lang.OutOfMemoryError" } } }]);

        var first = Step(app, Observed(Job(1, "Complete"), driver: failedDriver), T0.AddSeconds(30));
        Assert.That(first.Status.Phase, Is.EqualTo(ApplicationPhase.Pending));
        Assert.That(first.Status.ExecutionAttempts, Is.EqualTo(1));
        Assert.That(first.Status.Message, Does.Contain("OutOfMemoryError"));
        Assert.That(first.Events.Select(e => e.Reason), Does.Contain("DriverFailed"));

        var cleanup = Step(app, Observed(Job(1, "Complete"), driver: failedDriver), T0.AddSeconds(40));
        Assert.That(cleanup.Action, Is.EqualTo(LifecycleAction.CleanUpAttempt), "the old driver goes before the next attempt starts");
        Assert.That(cleanup.Attempt, Is.EqualTo(1));

        var second = Step(app, Observed(Job(1, "Complete")), T0.AddSeconds(41));
        Assert.That(second.Action, Is.EqualTo(LifecycleAction.Submit));
        Assert.That(second.Attempt, Is.EqualTo(2));
        Assert.That(second.Status.DriverPodName, Is.EqualTo("pi-2-driver"));
        Assert.That(second.Status.SparkApplicationId, Is.Null);

        var failedAgain = Step(app, Observed(Job(2, "Complete"), driver: Driver(2, "Failed")), T0.AddSeconds(70));
        Assert.That(failedAgain.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(failedAgain.Status.ExecutionAttempts, Is.EqualTo(2));
        Assert.That(failedAgain.Status.Attempt, Is.EqualTo(2));
    }

    [Test]
    public void A_driver_stuck_pending_fails_after_the_start_timeout_with_the_schedulers_reason()
    {
        var app = App(s => s.DriverStartTimeoutSeconds = 60);
        Step(app, ObservedAttempt.Nothing, T0);
        var stuck = Driver(1, "Pending", created: T0.AddSeconds(5), configure: p => p.Status.Conditions =
            [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/2 nodes are available: persistentvolumeclaim \"pvc-ksv\" not found." }]);

        var waiting = Decide(app, Observed(Job(1, "Complete"), driver: stuck), T0.AddSeconds(20));
        Assert.That(waiting.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(waiting.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(waiting.Status.Message, Does.Contain("Unschedulable"));

        var timedOut = Decide(app, Observed(Job(1, "Complete"), driver: stuck), T0.AddSeconds(66));
        Assert.That(timedOut.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(timedOut.Action, Is.EqualTo(LifecycleAction.CleanUpAttempt), "a pending driver is removed, not left waiting forever");
        Assert.That(timedOut.Status.Message, Does.Contain("did not start within 60s"));
        Assert.That(timedOut.Status.Message, Does.Contain("persistentvolumeclaim \"pvc-ksv\" not found"));
        Assert.That(timedOut.Events.Select(e => e.Reason), Does.Contain("DriverStartTimeout"));
    }

    [Test]
    public void A_smooth_run_changes_the_status_three_times_whatever_the_watch_shows_in_between()
    {
        var app = App();
        var written = new List<string>();
        void See(ObservedAttempt observed, DateTime now)
        {
            var before = k8s.KubernetesJson.Serialize(app.Status);
            Step(app, observed, now);
            if (k8s.KubernetesJson.Serialize(app.Status) != before)
            {
                written.Add($"{app.Status!.Phase}: {app.Status.Message}");
            }
        }

        var submitPending = SubmitPod("Pending");
        submitPending.Metadata.CreationTimestamp = T0.AddSeconds(1);
        See(ObservedAttempt.Nothing, T0);
        See(Observed(Job(1)), T0.AddSeconds(1));
        See(Observed(Job(1), submitPending), T0.AddSeconds(2));
        See(Observed(Job(1), SubmitPod("Running")), T0.AddSeconds(3));
        See(Observed(Job(1), SubmitPod("Succeeded"), Driver(1, "Pending", created: T0.AddSeconds(4))), T0.AddSeconds(5));
        See(Observed(Job(1, "Complete", T0.AddSeconds(6)), SubmitPod("Succeeded"), Driver(1, "Pending", created: T0.AddSeconds(4))), T0.AddSeconds(6));
        See(Observed(Job(1, "Complete", T0.AddSeconds(6)), SubmitPod("Succeeded"), Driver(1, "Running", created: T0.AddSeconds(4))), T0.AddSeconds(7));
        See(Observed(Job(1, "Complete", T0.AddSeconds(6)), SubmitPod("Succeeded"), Driver(1, "Succeeded", created: T0.AddSeconds(4))), T0.AddSeconds(30));

        Assert.That(written, Has.Count.EqualTo(3), string.Join("\n", written));
        Assert.That(written[0], Does.StartWith("Submitted: attempt 1: Job pi-submit-1 runs spark-submit"));
        Assert.That(written[1], Does.StartWith("Running"));
        Assert.That(written[2], Does.StartWith("Succeeded"));
    }

    [Test]
    public void A_briefly_pending_submit_pod_is_looked_at_again_when_its_reason_would_be_worth_showing()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var pending = SubmitPod("Pending");
        pending.Metadata.CreationTimestamp = T0.AddSeconds(1);
        pending.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/2 nodes are available" }];

        var early = Decide(app, Observed(Job(1), pending), T0.AddSeconds(4));
        Assert.That(early.Status.Message, Is.EqualTo("attempt 1: Job pi-submit-1 runs spark-submit"));
        Assert.That(early.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));

        var late = Decide(app, Observed(Job(1), pending), T0.AddSeconds(11));
        Assert.That(late.Status.Message, Does.Contain("Unschedulable: 0/2 nodes are available"));
        Assert.That(late.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(11)), "the operator's default start timeout, counted from the Job's creation");
    }

    [Test]
    public void A_pod_pending_without_a_reason_on_a_busy_cluster_writes_nothing()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var before = k8s.KubernetesJson.Serialize(app.Status);

        var decision = Decide(app, Observed(Job(1, "Complete"), SubmitPod("Succeeded"), Driver(1, "Pending", created: T0.AddSeconds(2))), T0.AddSeconds(40));

        Assert.That(k8s.KubernetesJson.Serialize(decision.Status), Is.EqualTo(before), "a pod that is merely waiting for its turn is not news");
    }

    [Test]
    public void A_pending_driver_shows_its_image_pull_problem()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var pulling = Driver(1, "Pending", configure: p => p.Status.ContainerStatuses =
            [new V1ContainerStatus { Name = "spark", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image" } } }]);

        var decision = Decide(app, Observed(Job(1, "Complete"), driver: pulling), T0.AddSeconds(20));
        Assert.That(decision.Status.Message, Does.Contain("ImagePullBackOff: Back-off pulling image"));
        Assert.That(decision.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(20)), "the operator's default start timeout");
    }

    [Test]
    public void A_driver_that_disappears_while_running_fails_the_attempt()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Running")), T0.AddSeconds(6));
        var lost = Decide(app, Observed(Job(1, "Complete")), T0.AddSeconds(30));

        Assert.That(lost.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(lost.Status.Message, Does.Contain("disappeared"));
        Assert.That(lost.Events.Select(e => e.Reason), Does.Contain("DriverLost"));
    }

    [Test]
    public void A_finished_application_is_deleted_after_its_time_to_live()
    {
        var app = App(s => s.TimeToLiveSeconds = 120);
        Step(app, ObservedAttempt.Nothing, T0);
        var done = Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Succeeded")), T0.AddSeconds(60));
        Assert.That(done.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));

        var before = Decide(app, ObservedAttempt.Nothing, T0.AddSeconds(100));
        Assert.That(before.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(before.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(80)));

        var after = Decide(app, ObservedAttempt.Nothing, T0.AddSeconds(181));
        Assert.That(after.Action, Is.EqualTo(LifecycleAction.DeleteApplication));
        Assert.That(after.Events.Single().Reason, Is.EqualTo("TimeToLiveExpired"));
    }

    [Test]
    public void A_spec_edit_after_submission_is_recorded_as_a_condition_and_not_applied()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        app.Metadata.Generation = 2;

        var decision = Step(app, Observed(Job(1), SubmitPod("Running")), T0.AddSeconds(5));
        Assert.That(decision.Action, Is.EqualTo(LifecycleAction.None), "the running attempt is not re-applied");
        var condition = StatusConditions.Find(decision.Status.Conditions, StatusConditions.SpecChanged);
        Assert.That(condition?.Status, Is.EqualTo("True"));
        Assert.That(condition?.Message, Does.Contain("generation 1 -> 2"));
        Assert.That(decision.Events.Single().Reason, Is.EqualTo("SpecChanged"));

        var again = Decide(app, Observed(Job(1), SubmitPod("Running")), T0.AddSeconds(9));
        Assert.That(again.Events, Is.Empty);
    }

    [Test]
    public void Condition_transition_times_move_only_when_the_status_flips()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Running")), T0.AddSeconds(6));
        var running = Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Running")), T0.AddSeconds(50));

        Assert.That(StatusConditions.Find(running.Status.Conditions, StatusConditions.Running)!.LastTransitionTime, Is.EqualTo(T0.AddSeconds(6)));
        Assert.That(StatusConditions.Find(running.Status.Conditions, StatusConditions.Submitted)!.LastTransitionTime, Is.EqualTo(T0));
    }
}
