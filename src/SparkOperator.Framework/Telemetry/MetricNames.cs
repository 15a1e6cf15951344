using System.Text;

namespace SparkOperator.Framework.Telemetry;

/// <summary>
/// The prefix of every instrument the framework publishes, taken from the operator's name, so two
/// operators built on the framework export apart (<c>spark_operator.reconcile.count</c>, scraped as
/// <c>spark_operator_reconcile_count_total</c>). OpenTelemetry's naming: lowercase, dot-separated
/// namespaces, words joined by '_'.
/// </summary>
public sealed record MetricNames
{
    /// <summary>The prefix when no operator name is known.</summary>
    public const string DefaultPrefix = "operator";

    /// <summary>Names prefixed with <paramref name="prefix"/> (already in OpenTelemetry's form).</summary>
    public MetricNames(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        Prefix = prefix;
    }

    /// <summary>The prefix, without the trailing dot.</summary>
    public string Prefix { get; }

    /// <summary>The names for an operator called <paramref name="operatorName"/> (e.g. spark-operator → spark_operator).</summary>
    public static MetricNames ForOperator(string? operatorName)
    {
        var prefix = new StringBuilder();
        foreach (var c in (operatorName ?? string.Empty).Trim().ToLowerInvariant())
        {
            var mapped = char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '_';
            if (!(mapped == '_' && (prefix.Length == 0 || prefix[^1] == '_')))
            {
                prefix.Append(mapped);
            }
        }

        var text = prefix.ToString().Trim('_', '.');
        return new MetricNames(text.Length == 0 || !char.IsAsciiLetter(text[0]) ? DefaultPrefix + (text.Length == 0 ? "" : "_" + text) : text);
    }

    /// <summary>The instrument <paramref name="name"/> under the prefix.</summary>
    public string Of(string name) => $"{Prefix}.{name}";
}
