using System.Text.RegularExpressions;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Validation;

/// <summary>
/// Syntax of the entries of spec.deps: Maven coordinates, repository URLs and pip requirements.
/// Each kind has a length limit of its own, checked before its pattern: generous for real entries,
/// and what keeps a tenant's entry from costing more than a real one.
/// </summary>
internal static class DependencySyntax
{
    /// <summary>
    /// Longest Maven coordinate or exclusion: Maven sets no limit, and real group, artifact, version
    /// and classifier together stay far below it.
    /// </summary>
    public const int MaxMavenCoordinateLength = 512;

    /// <summary>Longest repository URL: the length HTTP clients and proxies commonly take for a URL.</summary>
    public const int MaxRepositoryLength = 2048;

    /// <summary>Longest pip requirement: a URL requirement (name @ url) carries a whole repository-length URL.</summary>
    public const int MaxRequirementLength = MaxRepositoryLength;

    private static readonly Regex MavenPackage = LinearRegex.Create("^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+(:[A-Za-z0-9_.-]+)?$");

    private static readonly Regex MavenExclusion = LinearRegex.Create("^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$");

    // PEP 508: name [extras] (version specifiers | (specifiers) | @ url) [; marker]. The marker is
    // checked for its character set only (its grammar is pip's business); shell metacharacters and
    // options (-r, --index-url) can appear nowhere. Its loops of \s can match the same spaces in many
    // ways, which only a linear matcher can afford.
    private const string Name = "[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?";
    private const string Specifier = "(?:~=|===|==|!=|<=|>=|<|>)\\s*[A-Za-z0-9_.*+!-]+";
    private const string Specifiers = Specifier + "(?:\\s*,\\s*" + Specifier + ")*";

    private static readonly Regex PipRequirement = LinearRegex.Create(
        "^\\s*" + Name + "\\s*(?:\\[\\s*(?:" + Name + "(?:\\s*,\\s*" + Name + ")*)?\\s*\\])?\\s*"
        + "(?:" + Specifiers + "|\\(\\s*" + Specifiers + "\\s*\\)|@\\s*https?://[^\\s;'\"`$|&<>\\\\]+\\s)?\\s*"
        + "(?:;\\s*[A-Za-z0-9_.'\"<>=!~ (),-]+)?\\s*$");

    /// <summary>group:artifact:version, optionally :classifier.</summary>
    public static bool IsMavenPackage(string value) => MavenPackage.IsMatch(value);

    /// <summary>group:artifact.</summary>
    public static bool IsMavenExclusion(string value) => MavenExclusion.IsMatch(value);

    /// <summary>A PEP 508 requirement specifier (a URL requirement needs a space before its marker, as PEP 508 says).</summary>
    public static bool IsPipRequirement(string value) => PipRequirement.IsMatch(value.EndsWith(' ') ? value : value + " ");

    /// <summary>An absolute http(s) URL without credentials, commas or whitespace (spark-submit joins them with commas).</summary>
    public static string? RepositoryProblem(string value)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || c == ','))
        {
            return "must not contain whitespace or commas";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return "must be an absolute http:// or https:// URL";
        }

        return uri.UserInfo.Length > 0
            ? "must not carry credentials: they would appear in the submit command; configure them in an ivy settings file instead"
            : null;
    }
}
