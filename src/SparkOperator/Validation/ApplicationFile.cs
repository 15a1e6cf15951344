namespace SparkOperator.Validation;

/// <summary>What kind of program <c>spec.mainApplicationFile</c> is, from its extension.</summary>
internal enum ArtifactKind
{
    Other,
    Jvm,
    Python,
}

/// <summary>Checks that <c>spec.mainApplicationFile</c> is a location Spark can read in cluster mode.</summary>
internal static class ApplicationFile
{
    private static readonly HashSet<string> RemoteSchemes = new(StringComparer.Ordinal)
    {
        "s3a", "hdfs", "webhdfs", "viewfs", "http", "https", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "cos", "ofs", "o3fs",
    };

    // Hadoop file systems whose authority may be empty (hdfs:///path uses the default name node).
    private static readonly HashSet<string> OptionalAuthority = new(StringComparer.Ordinal) { "hdfs", "webhdfs", "viewfs" };

    /// <summary>Why <paramref name="file"/> cannot be read, or null.</summary>
    public static string? Problem(string file)
    {
        if (file.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "must not contain whitespace (percent-encode a space as %20)";
        }

        if (file.StartsWith('/'))
        {
            return null;
        }

        var separator = file.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return "must be a URI (local:///..., s3a://bucket/..., https://...) or an absolute path";
        }

        var scheme = file[..separator];
        var rest = file[(separator + 3)..];
        if (scheme is "local" or "file")
        {
            return rest.StartsWith('/') && rest.Length > 1 ? null : $"a {scheme}:// URI needs an absolute path: {scheme}:///path/to/file";
        }

        if (scheme is "s3" or "s3n")
        {
            return "use s3a:// (Hadoop's S3A connector) instead of " + scheme + "://";
        }

        if (!RemoteSchemes.Contains(scheme))
        {
            return $"scheme '{scheme}' is not one Spark reads here; use local://, file://, an absolute path, s3a://, http(s)://, hdfs://, gs://, abfs(s)://, wasb(s)://";
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if ((slash == 0 && !OptionalAuthority.Contains(scheme)) || slash < 0 || slash == rest.Length - 1)
        {
            return $"a {scheme}:// URI needs a host or bucket and a file path: {scheme}://host/path/to/file";
        }

        return null;
    }

    /// <summary>The kind of program, from the extension of the path (query and fragment ignored).</summary>
    public static ArtifactKind KindOf(string file)
    {
        var end = file.IndexOfAny(['?', '#']);
        var path = end < 0 ? file : file[..end];
        return path.EndsWith(".jar", StringComparison.OrdinalIgnoreCase) ? ArtifactKind.Jvm
            : path.EndsWith(".py", StringComparison.OrdinalIgnoreCase) ? ArtifactKind.Python
            : ArtifactKind.Other;
    }
}
