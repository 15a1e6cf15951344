namespace SparkOperator.Spark;

/// <summary>
/// Arguments written for a shell, like the seed's <c>"'s3a://nyc-tlc/trip data/x.csv'"</c>: the
/// operator passes argv without a shell, so a whole-item pair of matching quotes would reach the
/// application literally. Such an item is unwrapped (and the webhook warns about it).
/// </summary>
public static class ArgumentQuotes
{
    /// <summary>True when <paramref name="argument"/> is wrapped whole in one pair of matching ' or " quotes.</summary>
    public static bool IsWrapped(string argument) =>
        argument.Length >= 2
        && (argument[0] == '\'' || argument[0] == '"')
        && argument[^1] == argument[0]
        && argument.IndexOf(argument[0], 1) == argument.Length - 1;

    /// <summary>
    /// True when <paramref name="argument"/> holds a pair of matching ' or " quotes that does not wrap
    /// it whole, like <c>--input 's3a://b/x.csv'</c>: a shell would have removed them, argv keeps them.
    /// </summary>
    public static bool HasQuotedPart(string argument)
    {
        foreach (var quote in (ReadOnlySpan<char>)['\'', '"'])
        {
            var first = argument.IndexOf(quote);
            if (first >= 0 && argument.IndexOf(quote, first + 1) > first)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The argument without its wrapping quotes, or unchanged when it is not wrapped.</summary>
    public static string Unwrap(string argument) => IsWrapped(argument) ? argument[1..^1] : argument;
}
