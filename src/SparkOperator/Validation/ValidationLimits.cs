namespace SparkOperator.Validation;

/// <summary>
/// Sanity bounds, so an absurd spec is denied with a clear message instead of straining the
/// operator (or the pods it creates). Real applications stay far below them.
/// </summary>
internal static class ValidationLimits
{
    /// <summary>Most items in any list (volumes, mounts, args, env, packages, ...) and entries in sparkConf.</summary>
    public const int MaxItems = 1000;

    /// <summary>Longest path, URI, image reference or name-like string.</summary>
    public const int MaxStringLength = 4096;

    /// <summary>Longest argument, sparkConf value or environment value.</summary>
    public const int MaxValueLength = 64 * 1024;
}
