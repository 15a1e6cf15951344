using SparkOperator.Entities;
using SparkOperator.Lifecycle;
using static SparkOperator.Tests.Lifecycle.LifecycleFixtures;

namespace SparkOperator.Tests.Lifecycle;

/// <summary>An application whose named ServiceAccount may not be used waits for it: no attempt, no loop, one Event.</summary>
public class ServiceAccountWaitTests
{
    private const string Reason = "ServiceAccountNotUsable";
    private const string Why = "ServiceAccount ns/etl named by spec.driver.serviceAccountName is not marked for Spark applications; its namespace's admin marks it with: kubectl -n ns label serviceaccount etl sparkoperator.dev/usable-by-spark-applications=true";

    private static LifecycleInput Input(SparkApplication app, DateTime now) =>
        new(app, ObservedAttempt.Nothing, Names, now, new LifecycleSettings());

    [Test]
    public void The_first_refusal_is_reported_once_in_status_and_an_event_and_nothing_is_counted()
    {
        var app = App(s => s.Driver = new DriverSpec { ServiceAccountName = "etl" });
        var first = ApplicationLifecycle.AwaitServiceAccount(Input(app, T0), Reason, Why);
        Assert.Multiple(() =>
        {
            Assert.That(first.Action, Is.EqualTo(LifecycleAction.None), "nothing is created");
            Assert.That(first.Status.Phase, Is.EqualTo(ApplicationPhase.Pending));
            Assert.That(first.Status.Attempt, Is.Null, "no attempt was made");
            Assert.That(first.Status.SubmissionAttempts, Is.Null, "nor counted as a failure");
            Assert.That(first.Status.Message, Does.Contain("waiting to submit attempt 1").And.Contain("kubectl -n ns label serviceaccount etl"));
            var submitted = StatusConditions.Find(first.Status.Conditions, StatusConditions.Submitted);
            Assert.That((submitted?.Status, submitted?.Reason), Is.EqualTo(("False", Reason)));
            Assert.That(first.Events.Select(e => (e.Type.ToString(), e.Reason)), Is.EqualTo(new[] { ("Warning", Reason) }));
            Assert.That(first.RequeueAfter, Is.EqualTo(new LifecycleSettings().ServiceAccountRecheckInterval), "looked at again, level-based");
        });

        // The next look finds the same refusal: the status is unchanged and no second Event goes out.
        app.Status = first.Status;
        var again = ApplicationLifecycle.AwaitServiceAccount(Input(app, T0.AddSeconds(15)), Reason, Why);
        Assert.That(again.Events, Is.Empty);
        Assert.That(again.Status.Message, Is.EqualTo(first.Status.Message));

        // A different reason (the account was deleted meanwhile) is news: one more Event.
        Assert.That(ApplicationLifecycle.AwaitServiceAccount(Input(app, T0.AddSeconds(30)), Reason, "ServiceAccount ns/etl ... does not exist").Events, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_waiting_application_submits_attempt_one_once_the_account_is_usable()
    {
        var app = App(s => s.Driver = new DriverSpec { ServiceAccountName = "etl" });
        app.Status = ApplicationLifecycle.AwaitServiceAccount(Input(app, T0), Reason, Why).Status;

        var next = Decide(app, ObservedAttempt.Nothing, T0.AddSeconds(15));
        Assert.That((next.Action, next.Attempt), Is.EqualTo((LifecycleAction.Submit, 1)));
        Assert.That(StatusConditions.IsTrue(next.Status.Conditions, StatusConditions.Submitted), Is.True);
    }

    [Test]
    public void A_retry_waits_for_the_account_without_spending_a_retry()
    {
        var app = App(s =>
        {
            s.Driver = new DriverSpec { ServiceAccountName = "etl" };
            s.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnFailureRetries = 1, OnFailureRetryIntervalSeconds = 5 };
        });
        Step(app, ObservedAttempt.Nothing, T0);
        Step(app, Observed(Job(1, "Complete"), driver: Driver(1, "Failed")), T0.AddSeconds(40));
        Assert.That((app.Status!.Phase, app.Status.ExecutionAttempts), Is.EqualTo((ApplicationPhase.Pending, 1)));

        var waiting = ApplicationLifecycle.AwaitServiceAccount(Input(app, T0.AddSeconds(50)), Reason, Why);
        Assert.That(waiting.Status.Attempt, Is.EqualTo(1));
        Assert.That(waiting.Status.ExecutionAttempts, Is.EqualTo(1));
        Assert.That(waiting.Status.Message, Does.Contain("waiting to submit attempt 2"));

        app.Status = waiting.Status;
        var next = Decide(app, ObservedAttempt.Nothing, T0.AddSeconds(65));
        Assert.That((next.Action, next.Attempt), Is.EqualTo((LifecycleAction.Submit, 2)));
    }
}
