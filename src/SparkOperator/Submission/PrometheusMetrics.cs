using System.Globalization;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// Spark's own Prometheus endpoints (spec.monitoring.prometheus): no exporter agent, so any Spark
/// image works. Both are served by the driver's UI server; executors serve no HTTP, so their
/// metrics come through the driver (/metrics/executors/prometheus).
/// </summary>
internal static class PrometheusMetrics
{
    public static bool Wanted(SparkApplicationSpec spec) => spec.Monitoring?.Prometheus is { Enabled: not false };

    public static IEnumerable<KeyValuePair<string, string>> Confs(SparkApplicationSpec spec)
    {
        if (!Wanted(spec))
        {
            yield break;
        }

        yield return new(OwnedSparkUi.PrometheusEnabledConf, "true");
        yield return new(OwnedSparkUi.PrometheusSinkClassConf, OwnedSparkUi.PrometheusSinkClass);
        yield return new(OwnedSparkUi.PrometheusSinkPathConf, OwnedSparkUi.PrometheusPath);
    }

    /// <summary>The driver's metrics path: ours, or the one sparkConf gives the servlet instead.</summary>
    public static string Path(SparkApplicationSpec spec) =>
        spec.SparkConf is { } conf && conf.TryGetValue(OwnedSparkUi.PrometheusSinkPathConf, out var path) && !string.IsNullOrWhiteSpace(path)
            ? path.Trim()
            : OwnedSparkUi.PrometheusPath;

    /// <summary>
    /// The annotations Prometheus's pod discovery reads by convention. They name one path, the
    /// driver's; the executors' path needs a second scrape job (README).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> DriverAnnotations(SparkApplicationSpec spec)
    {
        if (!Wanted(spec))
        {
            yield break;
        }

        yield return new(OwnedSparkUi.ScrapeAnnotation, "true");
        yield return new(OwnedSparkUi.ScrapePortAnnotation, SparkUiBuilder.Port(spec).ToString(CultureInfo.InvariantCulture));
        yield return new(OwnedSparkUi.ScrapePathAnnotation, Path(spec));
    }
}
