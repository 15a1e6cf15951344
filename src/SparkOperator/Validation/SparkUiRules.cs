using System.Globalization;
using FluentValidation;
using SparkOperator.Entities;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.Validation;

/// <summary>
/// Rules of spec.sparkUi and spec.monitoring against sparkConf and the driver's annotations: the
/// UI server they need must run, on a port a Service can name, and the scrape annotations are the
/// operator's while it sets them.
/// </summary>
internal static class SparkUiRules
{
    /// <summary>The lowest port a container without privileges may bind (the pods drop every capability).</summary>
    private const int LowestPort = 1024;

    public static void Check(ValidationContext<SparkApplicationSpec> context)
    {
        var spec = context.InstanceToValidate;
        var ui = SparkUiBuilder.Wanted(spec);
        var metrics = PrometheusMetrics.Wanted(spec);
        if (!ui && !metrics)
        {
            return;
        }

        var root = context.PropertyPath[..Math.Max(0, context.PropertyPath.LastIndexOf('.'))];
        var asking = ui ? $"{root}.sparkUi" : $"{root}.monitoring.prometheus";
        var conf = spec.SparkConf ?? new Dictionary<string, string>();
        if (conf.TryGetValue(OwnedSparkUi.EnabledConf, out var enabled) && string.Equals(enabled?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail(ConfPath(root, OwnedSparkUi.EnabledConf), $"is false, but {asking} needs the driver's UI server; remove one of them");
        }

        CheckPort(context, root, asking, conf);
        if (metrics)
        {
            CheckScrapeAnnotations(context, root, spec, conf);
        }
    }

    private static void CheckPort(ValidationContext<SparkApplicationSpec> context, string root, string asking, IDictionary<string, string> conf)
    {
        if (!conf.TryGetValue(OwnedSparkUi.PortConf, out var raw) || raw is null)
        {
            return;
        }

        var path = ConfPath(root, OwnedSparkUi.PortConf);
        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < LowestPort or > 65535)
        {
            context.Fail(path, $"'{SpecRules.Shorten(raw)}' is no port for {asking}: give a fixed port from {LowestPort} to 65535 "
                + "(the Service needs one, 0 would pick a random port, and the driver may not bind below 1024)");
            return;
        }

        foreach (var (keys, fallback) in OwnedSparkUi.OtherDriverPorts)
        {
            var key = keys.FirstOrDefault(conf.ContainsKey);
            var other = key is not null && int.TryParse(conf[key]?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var set) ? set : fallback;
            if (other == port)
            {
                context.Fail(path, $"{port} is also the driver's {key ?? keys[0]}; give the UI another port");
            }
        }
    }

    private static void CheckScrapeAnnotations(ValidationContext<SparkApplicationSpec> context, string root, SparkApplicationSpec spec, IDictionary<string, string> conf)
    {
        const string why = "is set by the operator for spec.monitoring.prometheus (the driver's port and metrics path); remove it";
        foreach (var key in (spec.Driver?.Annotations?.Keys ?? []).Where(OwnedSparkUi.ScrapeAnnotations.Contains).Order(StringComparer.Ordinal))
        {
            context.Fail($"{root}.driver.annotations[{key}]", why);
        }

        var prefix = OperatorOwnedSparkConf.AnnotationPrefixes.Single(p => p.StartsWith("spark.kubernetes.driver.", StringComparison.Ordinal));
        foreach (var key in conf.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && OwnedSparkUi.ScrapeAnnotations.Contains(k[prefix.Length..])).Order(StringComparer.Ordinal))
        {
            context.Fail(ConfPath(root, key), why);
        }
    }

    private static string ConfPath(string root, string key) => $"{root}.sparkConf[{key}]";
}
