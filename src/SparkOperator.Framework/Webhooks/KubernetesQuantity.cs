using System.Globalization;
using System.Text.RegularExpressions;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Kubernetes quantity syntax (<c>1200m</c>, <c>2Gi</c>, <c>1.5</c>, <c>1e3</c>), parsed to a decimal so
/// that requests and limits can be compared. Negative quantities are rejected: no resource amount is negative.
/// </summary>
public static class KubernetesQuantity
{
    /// <summary>
    /// Longest text taken as a quantity: far more digits than a decimal holds (28), so no quantity
    /// that fits one is refused, and a tenant's megabyte of digits is refused before it is matched.
    /// </summary>
    public const int MaxLength = 64;

    private static readonly Regex Syntax = LinearRegex.Create("^(?<n>[0-9]+(\\.[0-9]*)?|\\.[0-9]+)(?<s>[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]{1,3})?$");

    /// <summary>Parses <paramref name="text"/>; false when it is not a quantity, is longer than <see cref="MaxLength"/> or does not fit a decimal.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (text is null || text.Length > MaxLength)
        {
            return false;
        }

        var match = Syntax.Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var suffix = match.Groups["s"].Value;
        try
        {
            value = suffix switch
            {
                "" => number,
                "n" => number / 1_000_000_000m,
                "u" => number / 1_000_000m,
                "m" => number / 1000m,
                "k" => number * 1e3m,
                "M" => number * 1e6m,
                "G" => number * 1e9m,
                "T" => number * 1e12m,
                "P" => number * 1e15m,
                "E" => number * 1e18m,
                "Ki" => number * 1024m,
                "Mi" => number * 1024m * 1024m,
                "Gi" => number * 1024m * 1024m * 1024m,
                "Ti" => number * 1024m * 1024m * 1024m * 1024m,
                "Pi" => number * 1024m * 1024m * 1024m * 1024m * 1024m,
                "Ei" => number * 1024m * 1024m * 1024m * 1024m * 1024m * 1024m,
                _ => Scale(number, int.Parse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            };
        }
        catch (OverflowException)
        {
            return false;
        }

        return true;
    }

    private static decimal Scale(decimal number, int exponent)
    {
        if (exponent is > 28 or < -28)
        {
            throw new OverflowException();
        }

        var factor = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            factor *= 10m;
        }

        return exponent >= 0 ? checked(number * factor) : number / factor;
    }
}
