using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Tests.Framework;

public class ReconcileOutcomeTests
{
    [Test]
    public void Only_a_terminal_result_carries_a_reason_and_a_message()
    {
        var terminal = ReconcileResult.Terminal("InvalidSpec", "spec.x is wrong");

        Assert.Multiple(() =>
        {
            Assert.That((terminal.IsTerminal, terminal.Reason, terminal.Message, terminal.RequeueAfter), Is.EqualTo((true, "InvalidSpec", "spec.x is wrong", (TimeSpan?)null)));
            Assert.That((ReconcileResult.Done.IsTerminal, ReconcileResult.Done.Reason, ReconcileResult.Done.Message), Is.EqualTo((false, (string?)null, (string?)null)));
            Assert.That(ReconcileResult.Requeue(TimeSpan.FromSeconds(1)).IsTerminal, Is.False);
            Assert.That(default(ReconcileResult), Is.EqualTo(ReconcileResult.Done));
            Assert.That(() => ReconcileResult.Terminal(" ", "m"), Throws.ArgumentException);
        });
    }

    [Test]
    public void A_finalizer_result_is_done_or_says_when_to_run_again()
    {
        Assert.Multiple(() =>
        {
            Assert.That((FinalizerResult.Done.IsDone, FinalizerResult.Done.RetryDelay), Is.EqualTo((true, (TimeSpan?)null)));
            Assert.That(FinalizerResult.RetryAfter(TimeSpan.FromSeconds(2)).RetryDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(FinalizerResult.RetryAfter(TimeSpan.FromSeconds(2)).IsDone, Is.False);
            Assert.That(FinalizerResult.RetryAfter(TimeSpan.FromSeconds(-1)).RetryDelay, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void A_terminal_outcome_is_reported_again_only_when_the_verdict_or_the_version_changes()
    {
        var reports = new TerminalReports();
        var key = new ObjectKey("ns", "a");

        Assert.Multiple(() =>
        {
            Assert.That(reports.ShouldReport(key, "Invalid", "x", "1"), Is.True, "first time");
            Assert.That(reports.ShouldReport(key, "Invalid", "x", "1"), Is.False, "resync, same version and verdict");
            Assert.That(reports.ShouldReport(new ObjectKey("ns", "b"), "Invalid", "x", "1"), Is.True, "another object");
            Assert.That(reports.ShouldReport(key, "Invalid", "y", "1"), Is.True, "new message");
            Assert.That(reports.ShouldReport(key, "Invalid", "y", "2"), Is.True, "new version");
            Assert.That(reports.ShouldReport(key, "Invalid", "y", "2"), Is.False);
        });

        reports.Clear(key);
        Assert.That(reports.ShouldReport(key, "Invalid", "y", "2"), Is.True, "after a good reconcile the same verdict is news again");
        Assert.That(reports.Count, Is.EqualTo(2));
    }
}
