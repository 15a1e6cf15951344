using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Regular expressions whose matching time grows linearly with the input, whatever the pattern:
/// the only kind the product matches tenant text with. A backtracking engine can take time
/// exponential in the input when two loops of a pattern can match the same characters, and an
/// admission webhook stalled on one object fails every write of its kind in the cluster when it
/// is registered with failurePolicy Fail. A unit test enumerates every pattern of the product and
/// fails on one built otherwise.
/// </summary>
public static class LinearRegex
{
    /// <summary>
    /// Longest one match may take before it throws <see cref="RegexMatchTimeoutException"/>. A
    /// backstop only: linear matching of the length-capped values checked here is far quicker, so a
    /// timeout means a machine too starved to answer in time, and the webhook denies the object
    /// (see <see cref="ValidatingWebhookEndpoint"/>) rather than hold a request thread.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// <paramref name="pattern"/> compiled for <see cref="RegexOptions.NonBacktracking"/> and
    /// <see cref="RegexOptions.CultureInvariant"/> (plus <paramref name="options"/>), with
    /// <see cref="MatchTimeout"/>. Keep the result in a static field: building the automaton costs
    /// far more than a match. Not <c>[GeneratedRegex]</c>: the source generator cannot emit a
    /// NonBacktracking matcher and falls back to this same constructor (note SYSLIB1044).
    /// </summary>
    /// <exception cref="NotSupportedException">The pattern needs backtracking (backreferences, lookarounds, atomic groups).</exception>
    public static Regex Create([StringSyntax(StringSyntaxAttribute.Regex)] string pattern, RegexOptions options = RegexOptions.None) =>
        new(pattern, options | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
}
