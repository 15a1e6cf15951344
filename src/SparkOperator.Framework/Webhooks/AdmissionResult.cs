namespace SparkOperator.Framework.Webhooks;

/// <summary>One reason an object is invalid: the JSON field path (e.g. <c>spec.volumes[1].name</c>) and what is wrong.</summary>
/// <param name="Path">Field path as Kubernetes writes it: camelCase, <c>[i]</c> for list items, <c>[key]</c> for map keys.</param>
/// <param name="Message">What is wrong, for a person.</param>
public sealed record AdmissionError(string Path, string Message)
{
    /// <summary><c>path: message</c>, the way kubectl users read field errors.</summary>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>
/// The outcome of validating one object: allowed when there are no errors. Warnings are shown to the
/// user either way (kubectl prints them as <c>Warning: ...</c>).
/// </summary>
public sealed record AdmissionResult
{
    /// <summary>Every error found; all of them are reported together.</summary>
    public IReadOnlyList<AdmissionError> Errors { get; init; } = [];

    /// <summary>Messages that do not deny the request.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when there are no errors.</summary>
    public bool IsAllowed => Errors.Count == 0;

    /// <summary>An allowed result, optionally with warnings.</summary>
    public static AdmissionResult Allowed(params IReadOnlyList<string> warnings) => new() { Warnings = warnings };
}
