namespace SparkOperator.Framework.Manifests;

/// <summary>One file of an install bundle: its path relative to the bundle's root (with <c>/</c>) and its text.</summary>
/// <param name="Path">Relative path, e.g. <c>rbac/role.yaml</c>.</param>
/// <param name="Content">The text, with LF line ends.</param>
public sealed record ManifestFile(string Path, string Content);
