using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Tests.Framework;

public class MetricNamesTests
{
    [TestCase("spark-operator", "spark_operator")]
    [TestCase("Widget Operator", "widget_operator")]
    [TestCase("acme.spark--op", "acme.spark_op")]
    [TestCase("-x-", "x")]
    [TestCase("9lives", "operator_9lives")]
    [TestCase("", "operator")]
    [TestCase(null, "operator")]
    public void The_prefix_is_the_operators_name_in_opentelemetrys_form(string? name, string prefix) =>
        Assert.That(MetricNames.ForOperator(name).Prefix, Is.EqualTo(prefix));

    [Test]
    public void Every_framework_instrument_carries_the_prefix()
    {
        var published = new List<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == FrameworkTelemetry.MeterName)
                {
                    lock (published)
                    {
                        published.Add(instrument.Name);
                    }
                }
            },
        };
        listener.Start();
        using var metrics = new FrameworkMetrics(MetricNames.ForOperator("acme-operator"));

        var ours = published.Where(n => n.StartsWith("acme_operator.", StringComparison.Ordinal)).ToList();
        Assert.That(ours, Is.EquivalentTo(new[]
        {
            "acme_operator.reconcile.count", "acme_operator.reconcile.duration", "acme_operator.queue.wait", "acme_operator.queue.depth",
            "acme_operator.watch.restarts", "acme_operator.watch.undecodable", "acme_operator.webhook.certificate.rounds",
        }));
    }
}
