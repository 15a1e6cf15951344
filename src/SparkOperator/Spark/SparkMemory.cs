using System.Globalization;
using System.Text.RegularExpressions;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Spark;

/// <summary>
/// Spark's memory notation (<c>512m</c>, <c>2g</c>, <c>1024</c> = MiB for JVM sizes): binary units,
/// lower or upper case, an optional trailing <c>b</c>. Not a Kubernetes quantity: "512m" means
/// 512 MiB here and 0.512 bytes there.
/// </summary>
public static class SparkMemory
{
    /// <summary>Longest text taken as a size: every digit of a long, a unit and 'b', with room for spaces around them.</summary>
    public const int MaxLength = 32;

    private static readonly Regex Notation = LinearRegex.Create("^(?<n>[0-9]+)(?<u>[kmgtp])?b?$", RegexOptions.IgnoreCase);

    /// <summary>Parses a size in Spark's notation into MiB (a bare number is MiB, as for spark.driver.memory); false past <see cref="MaxLength"/>.</summary>
    public static bool TryParseMebibytes(string? text, out long mebibytes)
    {
        mebibytes = 0;
        if (text is null || text.Length > MaxLength)
        {
            return false;
        }

        var match = Notation.Match(text.Trim());
        if (!match.Success || !long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        var unit = match.Groups["u"].Success ? char.ToLowerInvariant(match.Groups["u"].Value[0]) : 'm';
        try
        {
            mebibytes = unit switch
            {
                'k' => (n + 1023) / 1024,
                'm' => n,
                'g' => checked(n * 1024),
                't' => checked(n * 1024 * 1024),
                'p' => checked(n * 1024 * 1024 * 1024),
                _ => throw new InvalidOperationException("unreachable"),
            };
        }
        catch (OverflowException)
        {
            return false;
        }

        return true;
    }
}
