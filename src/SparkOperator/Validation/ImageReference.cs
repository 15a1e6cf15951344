using System.Text.RegularExpressions;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Validation;

/// <summary>
/// A container image reference: <c>[registry[:port]/]repository[:tag][@sha256:digest]</c>, following
/// the distribution reference grammar (the first component is a registry only when it has a '.' or
/// a ':' or is <c>localhost</c>; repository components are lower case).
/// </summary>
internal static class ImageReference
{
    /// <summary>Longest repository name, registry included: the distribution spec's limit.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest tag: the distribution spec's limit.</summary>
    public const int MaxTagLength = 128;

    /// <summary>Length of the one digest form taken: sha256: and 64 hex digits.</summary>
    public const int DigestLength = 71;

    /// <summary>Longest reference: the longest name, ':' and tag, '@' and digest. Checked before any pattern.</summary>
    public const int MaxLength = MaxNameLength + 1 + MaxTagLength + 1 + DigestLength;

    private static readonly Regex Registry = LinearRegex.Create("^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?$");

    private static readonly Regex PathComponent = LinearRegex.Create("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$");

    private static readonly Regex Tag = LinearRegex.Create("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");

    private static readonly Regex Digest = LinearRegex.Create("^sha256:[a-f0-9]{64}$");

    /// <summary>Parsed parts of a valid reference.</summary>
    public sealed record Parts(string Name, string? Tag, string? Digest)
    {
        /// <summary>True when the reference can point at different images over time: tag latest or none, and no digest.</summary>
        public bool IsMutable => Digest is null && (Tag is null || Tag == "latest");
    }

    /// <summary>Parses <paramref name="reference"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string reference, out Parts? parts, out string? problem)
    {
        parts = null;
        problem = null;
        if (reference.Length > MaxLength)
        {
            problem = $"a reference must be at most {MaxLength} characters (a name of {MaxNameLength}, a tag of {MaxTagLength} and a digest); has {reference.Length}";
            return false;
        }

        var rest = reference;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!Digest.IsMatch(digest))
            {
                problem = "the digest must be sha256: followed by 64 lower-case hex digits";
                return false;
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!Tag.IsMatch(tag))
            {
                problem = "the tag must be 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
                return false;
            }
        }

        if (rest.Length is 0 or > MaxNameLength)
        {
            problem = $"the repository name must be 1-{MaxNameLength} characters";
            return false;
        }

        var components = rest.Split('/');
        var first = 0;
        if (components.Length > 1 && (components[0].Contains('.', StringComparison.Ordinal) || components[0].Contains(':', StringComparison.Ordinal) || components[0] == "localhost"))
        {
            if (!Registry.IsMatch(components[0]))
            {
                problem = $"'{components[0]}' is not a valid registry host[:port]";
                return false;
            }

            first = 1;
        }

        for (var i = first; i < components.Length; i++)
        {
            if (!PathComponent.IsMatch(components[i]))
            {
                problem = $"repository component '{components[i]}' must be lower-case letters and digits separated by '.', '_', '__' or '-'";
                return false;
            }
        }

        parts = new Parts(rest, tag, digest);
        return true;
    }
}
