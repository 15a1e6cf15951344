using SparkOperator.Entities;
using SparkOperator.Lifecycle;
using static SparkOperator.Tests.Lifecycle.LifecycleFixtures;

namespace SparkOperator.Tests.Lifecycle;

/// <summary>What the lifecycle decides when the spec is invalid or the API server refuses an attempt's objects.</summary>
public class RefusalTests
{
    private static LifecycleInput Input(SparkApplication app, ObservedAttempt observed, DateTime now) =>
        new(app, observed, Names, now, new LifecycleSettings());

    [Test]
    public void An_invalid_spec_fails_for_good_with_its_message_and_nothing_to_do()
    {
        var app = App();
        var decision = ApplicationLifecycle.Reject(Input(app, ObservedAttempt.Nothing, T0), "InvalidSpec", "the spec is invalid: spec.volumes[0].hostPath: not allowed");

        Assert.That(decision.Action, Is.EqualTo(LifecycleAction.None));
        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(decision.Status.Message, Does.Contain("spec.volumes[0].hostPath"));
        Assert.That(decision.Status.Attempt, Is.Null, "no attempt was made");
        Assert.That(decision.Status.CompletionTime, Is.EqualTo(T0));
        Assert.That(StatusConditions.Find(decision.Status.Conditions, StatusConditions.Failed)?.Reason, Is.EqualTo("InvalidSpec"));
        Assert.That(StatusConditions.IsTrue(decision.Status.Conditions, StatusConditions.Submitted), Is.False);
        Assert.That(decision.RequeueAfter, Is.Null);

        // Failed is final: the next reconcile does nothing.
        app.Status = decision.Status;
        Assert.That(Decide(app, ObservedAttempt.Nothing, T0.AddMinutes(1)).Action, Is.EqualTo(LifecycleAction.None));
    }

    [Test]
    public void A_refused_submission_fails_the_attempt_with_the_servers_reason()
    {
        var app = App();
        var submitted = Step(app, ObservedAttempt.Nothing, T0);
        Assert.That(submitted.Action, Is.EqualTo(LifecycleAction.Submit));

        var refused = ApplicationLifecycle.Refuse(Input(app, ObservedAttempt.Nothing, T0), 1, "SubmissionRefused", "the API server refused ConfigMap pi-pod-templates-1: Too long");
        Assert.That(refused.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(refused.Status.SubmissionAttempts, Is.EqualTo(1));
        Assert.That(refused.Status.Message, Does.Contain("Too long"));
        Assert.That(refused.Events.Select(e => e.Reason), Is.EqualTo(new[] { "SubmissionRefused", "Failed" }));
    }

    [Test]
    public void A_refused_submission_is_retried_as_the_restart_policy_says()
    {
        var app = App(s => s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnSubmissionFailureRetries = 1, OnSubmissionFailureRetryIntervalSeconds = 7 });
        Step(app, ObservedAttempt.Nothing, T0);
        var refused = ApplicationLifecycle.Refuse(Input(app, ObservedAttempt.Nothing, T0), 1, "NameTaken", "ServiceAccount pi-spark already exists");
        Assert.That(refused.Status.Phase, Is.EqualTo(ApplicationPhase.Pending));
        Assert.That(refused.Status.NextAttemptTime, Is.EqualTo(T0.AddSeconds(7)));
    }

    // Pod Security's verdict is the same for the same pod; a ServiceAccount the operator made or
    // checked just before the Job and now gone was deleted (the next attempt checks it again).
    [TestCase("violates PodSecurity \"restricted:latest\": hostPath volumes", "violates PodSecurity")]
    [TestCase("error looking up service account ns/etl: serviceaccount \"etl\" not found", "serviceaccount \"etl\" not found")]
    public void A_submit_pod_refused_for_good_fails_the_attempt_at_once(string refusal, string shown)
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var observed = new ObservedAttempt(Job(1), null, null, "Error creating: pods \"pi-submit-1-x\" is forbidden: " + refusal);
        var decision = Decide(app, observed, T0.AddSeconds(12));

        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(decision.Status.Message, Does.Contain(shown));
        Assert.That(decision.Events.Select(e => e.Reason), Does.Contain("SubmitPodRefused"));
    }

    [Test]
    public void A_submit_pod_refused_by_a_quota_waits_with_the_reason_until_the_start_timeout()
    {
        var app = App(s => s.DriverStartTimeoutSeconds = 60);
        Step(app, ObservedAttempt.Nothing, T0);
        var observed = new ObservedAttempt(Job(1), null, null, "Error creating: pods \"pi-submit-1-x\" is forbidden: exceeded quota: pods");

        var waiting = Decide(app, observed, T0.AddSeconds(12));
        Assert.That(waiting.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));
        Assert.That(waiting.Status.Message, Does.Contain("exceeded quota"));
        Assert.That(waiting.RequeueAfter, Is.Not.Null);

        var timedOut = Decide(app, observed, T0.AddSeconds(61));
        Assert.That(timedOut.Status.Phase, Is.EqualTo(ApplicationPhase.Failed));
        Assert.That(timedOut.Status.Message, Does.Contain("did not start within 60s").And.Contain("exceeded quota"));
    }

    [Test]
    public void A_job_without_its_pod_yet_looks_again_after_the_report_delay()
    {
        var app = App();
        Step(app, ObservedAttempt.Nothing, T0);
        var decision = Decide(app, Observed(Job(1)), T0.AddSeconds(3));
        Assert.That(decision.Status.Phase, Is.EqualTo(ApplicationPhase.Submitted));
        Assert.That(decision.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }
}
