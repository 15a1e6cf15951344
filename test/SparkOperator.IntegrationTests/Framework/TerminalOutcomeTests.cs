using k8s;
using k8s.Models;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>ReconcileResult.Terminal on the real server: one Warning Event, no retries, no repeats at resync.</summary>
public class TerminalOutcomeTests : WidgetTest
{
    private const string Reported = "ended with a terminal error";

    [Test]
    public async Task A_terminal_outcome_is_reported_once_as_a_warning_event_and_not_retried()
    {
        using var metrics = new MetricCapture();
        var op = await StartOperatorAsync(configure: o => o.ResyncPeriod = TimeSpan.Zero);
        await CreateAsync("w1", "terminal-1");

        var warning = await Eventually.ValueAsync(() => TerminalEventAsync("w1"), e => e is not null, "a Warning Event on w1", describe: Seen);
        var settled = op.Probe.For("w1").Count;

        // An outcome retried with backoff (50 ms doubling to 2 s in this operator) would reconcile
        // several more times within this window; a terminal one waits for a change.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.That(op.Probe.For("w1"), Has.Count.EqualTo(settled), Seen());
        Assert.That(warning!.Type, Is.EqualTo("Warning"));
        Assert.That(warning.Message, Is.EqualTo("message terminal-1 cannot be applied; change spec.message"));
        Assert.That(warning.InvolvedObject.Kind, Is.EqualTo("Widget"));
        Assert.That((await TerminalEventAsync("w1"))!.Count, Is.EqualTo(1), "reported once");
        Assert.That(ReportedLines(), Is.EqualTo(1), Seen());
        Assert.That(LinesAbout("failed (attempt"), Is.Zero, "a terminal outcome is not logged as a failed reconcile");
        Assert.That(metrics.Sum("widget_operator.reconcile.count", "result", "terminal"), Is.GreaterThanOrEqualTo(1));
        Assert.That(metrics.Sum("widget_operator.reconcile.count", "result", "error"), Is.Zero);

        Saw("the user fixes the spec");
        await SetMessageAsync("w1", "fixed");
        await StatusOfAsync("w1", "fixed");
    }

    [Test]
    public async Task The_periodic_resync_does_not_report_a_terminal_outcome_again_but_a_new_version_does()
    {
        var op = await StartOperatorAsync(configure: o => o.ResyncPeriod = TimeSpan.FromMilliseconds(300));
        await CreateAsync("w1", "terminal-1");
        await Eventually.ValueAsync(() => TerminalEventAsync("w1"), e => e is not null, "a Warning Event on w1", describe: Seen);
        var first = op.Probe.For("w1").Count;

        await Eventually.UntilAsync(() => op.Probe.For("w1").Count >= first + 4, "four resyncs to reconcile w1 again", describe: Seen);
        Assert.That((await TerminalEventAsync("w1"))!.Count, Is.EqualTo(1), "the resync reached the same verdict on the same version: not news");
        Assert.That(ReportedLines(), Is.EqualTo(1), Seen());

        Saw("a label edit makes a new version with the same verdict");
        await Widgets.PatchAsync(Namespace, "w1", new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch));
        await Eventually.ValueAsync(() => TerminalEventAsync("w1"), e => e?.Count == 2, "the new version to be reported again", describe: Seen);
        Assert.That(ReportedLines(), Is.EqualTo(2), Seen());
    }

    private int ReportedLines() => LinesAbout(Reported);

    // The fixture's log spans its earlier tests too; this test's lines name its namespace.
    private int LinesAbout(string text) =>
        Seen().Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal) && l.Contains(Namespace, StringComparison.Ordinal));

    private async Task<Corev1Event?> TerminalEventAsync(string name) =>
        (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items
            .SingleOrDefault(e => e.InvolvedObject.Name == name && e.Reason == WidgetController.TerminalReason);
}
