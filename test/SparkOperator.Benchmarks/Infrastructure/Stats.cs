using System.Globalization;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>Percentiles (nearest rank) of a sample.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Ms(double seconds) => double.IsNaN(seconds) ? "n/a" : (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Summary(IReadOnlyCollection<double> seconds) =>
        $"p50 {Ms(Percentile(seconds, 50))}, p95 {Ms(Percentile(seconds, 95))}, p99 {Ms(Percentile(seconds, 99))}, max {Ms(seconds.Count == 0 ? double.NaN : seconds.Max())} (n={seconds.Count})";
}
