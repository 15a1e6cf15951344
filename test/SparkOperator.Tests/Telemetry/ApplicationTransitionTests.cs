using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Lifecycle;
using SparkOperator.Telemetry;

namespace SparkOperator.Tests.Telemetry;

public class ApplicationTransitionTests
{
    private static readonly DateTime Created = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void The_first_job_counts_a_created_submission_and_the_time_from_creation()
    {
        var t = ApplicationTransition.Between(null, Status(ApplicationPhase.Submitted, attempt: 1), Created, Created.AddSeconds(3));
        Assert.That(t.Submission, Is.EqualTo("created"));
        Assert.That(t.TimeToSubmission, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(t.Failure, Is.Null);
        Assert.That(t.TimeToRunning, Is.Null);
        Assert.That(t.TimeToCompletion, Is.Null);
    }

    [Test]
    public void A_retry_counts_a_submission_but_no_second_time_to_submission()
    {
        var t = ApplicationTransition.Between(Status(ApplicationPhase.Pending, attempt: 1, runs: 1), Status(ApplicationPhase.Submitted, attempt: 2, runs: 1), Created, Created.AddMinutes(5));
        Assert.That(t.Submission, Is.EqualTo("created"));
        Assert.That(t.TimeToSubmission, Is.Null);
    }

    [Test]
    public void The_first_driver_running_is_timed_once()
    {
        var submitted = Status(ApplicationPhase.Submitted, attempt: 1);
        var running = Status(ApplicationPhase.Running, attempt: 1);
        Assert.That(ApplicationTransition.Between(submitted, running, Created, Created.AddSeconds(40)).TimeToRunning, Is.EqualTo(TimeSpan.FromSeconds(40)));
        Assert.That(ApplicationTransition.Between(running, running, Created, Created.AddSeconds(50)).TimeToRunning, Is.Null);
        Assert.That(ApplicationTransition.Between(Status(ApplicationPhase.Submitted, attempt: 2), Status(ApplicationPhase.Running, attempt: 2), Created, Created.AddSeconds(90)).TimeToRunning, Is.Null);
    }

    [Test]
    public void A_refused_submission_is_a_submission_failure_with_the_reason()
    {
        var refused = Status(ApplicationPhase.Failed, attempt: 1, submissions: 1, completed: true, runningReason: "SubmitPodRefused");
        var t = ApplicationTransition.Between(null, refused, Created, Created.AddSeconds(2));
        Assert.That(t.Submission, Is.EqualTo("refused"));
        Assert.That(t.Failure, Is.EqualTo(("submission", "SubmitPodRefused")));
        Assert.That(t.TimeToSubmission, Is.Null);
        Assert.That(t.TimeToCompletion, Is.EqualTo((TimeSpan.FromSeconds(2), ApplicationPhase.Failed)));
    }

    [Test]
    public void A_failed_run_that_retries_counts_a_failure_but_no_completion()
    {
        var t = ApplicationTransition.Between(Status(ApplicationPhase.Running, attempt: 1), Status(ApplicationPhase.Pending, attempt: 1, runs: 1, runningReason: "DriverFailed"), Created, Created.AddMinutes(1));
        Assert.That(t.Failure, Is.EqualTo(("run", "DriverFailed")));
        Assert.That(t.Submission, Is.Null);
        Assert.That(t.TimeToCompletion, Is.Null);
    }

    [Test]
    public void An_invalid_spec_is_an_invalid_submission_and_a_spec_failure()
    {
        var rejected = Status(ApplicationPhase.Failed, attempt: null, completed: true, failedReason: "InvalidSpec");
        var t = ApplicationTransition.Between(null, rejected, Created, Created.AddSeconds(1));
        Assert.That(t.Submission, Is.EqualTo("invalid"));
        Assert.That(t.Failure, Is.EqualTo(("spec", "InvalidSpec")));
    }

    [Test]
    public void Success_is_timed_by_phase_once()
    {
        var running = Status(ApplicationPhase.Running, attempt: 1);
        var succeeded = Status(ApplicationPhase.Succeeded, attempt: 1, completed: true);
        Assert.That(ApplicationTransition.Between(running, succeeded, Created, Created.AddMinutes(2)).TimeToCompletion, Is.EqualTo((TimeSpan.FromMinutes(2), ApplicationPhase.Succeeded)));
        Assert.That(ApplicationTransition.Between(succeeded, succeeded, Created, Created.AddMinutes(3)), Is.EqualTo(ApplicationTransition.None));
    }

    private static SparkApplicationStatus Status(
        ApplicationPhase phase, int? attempt, int submissions = 0, int runs = 0, bool completed = false, string? runningReason = null, string? failedReason = null)
    {
        var conditions = new List<V1Condition>();
        if (runningReason is not null)
        {
            StatusConditions.Set(conditions, StatusConditions.Running, false, runningReason, "m", 1, Created);
        }

        if (failedReason is not null)
        {
            StatusConditions.Set(conditions, StatusConditions.Failed, true, failedReason, "m", 1, Created);
        }

        return new SparkApplicationStatus
        {
            Phase = phase,
            Attempt = attempt,
            SubmissionAttempts = submissions,
            ExecutionAttempts = runs,
            CompletionTime = completed ? Created.AddHours(1) : null,
            Conditions = conditions,
        };
    }
}
