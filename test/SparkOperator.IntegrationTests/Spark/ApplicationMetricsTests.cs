using System.Globalization;
using System.Text.RegularExpressions;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// The operator's own metrics on /metrics, as Prometheus scrapes them, after a real submission: the
/// framework's instruments and the per-application ones, all under the operator's prefix.
/// </summary>
public partial class ApplicationMetricsTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task An_application_run_to_success_shows_in_the_operators_metrics_under_its_prefix()
    {
        TestCluster.RequireKwok();
        var op = await StartOperatorAsync();
        using var http = new HttpClient { BaseAddress = op.HttpBaseUrl };
        await ApplyAsync(TestManifests.SparkPi("measured"));
        await WaitForPhaseAsync("measured", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));

        // The gauge reads the cache, which follows the status write by a watch event.
        string metrics = "";
        await Eventually.UntilAsync(
            async () => Value(metrics = await http.GetStringAsync("/metrics"), "spark_operator_applications", "phase=\"Succeeded\"") >= 1,
            "the Succeeded application in the phase gauge");

        Assert.Multiple(() =>
        {
            Assert.That(Value(metrics, "spark_operator_applications", "phase=\"Running\""), Is.Zero, "every phase is exported, zeros too");
            Assert.That(Value(metrics, "spark_operator_application_submissions_total", "result=\"created\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(metrics, "spark_operator_application_time_to_submission_seconds_count", ""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(metrics, "spark_operator_application_time_to_running_seconds_count", ""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(metrics, "spark_operator_application_time_to_completion_seconds_count", "phase=\"Succeeded\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(metrics, "spark_operator_reconcile_count_total", "result=\"success\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(metrics, Does.Not.Contain("sparkoperator_").And.Not.Match("(^|\\n)operator_"), "no instrument outside the operator's prefix");
        });
    }

    /// <summary>The sum over the series of <paramref name="name"/> whose labels contain <paramref name="label"/>; -1 when none.</summary>
    private static double Value(string metrics, string name, string label)
    {
        var values = metrics.Split('\n')
            .Select(l => Series().Match(l))
            .Where(m => m.Success && m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        return values.Count == 0 ? -1 : values.Sum();
    }

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>[^}]*)\\})? (?<value>[-+0-9.eE]+|NaN)")]
    private static partial Regex Series();
}
