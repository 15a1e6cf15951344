namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Files of the repository the tests read: samples, generated manifests, broken manifests.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository root (the folder holding SparkOperator.sln above the test binaries).</summary>
    public static string Root { get; } = ClusterScript.FindRepositoryRoot()
        ?? throw new InvalidOperationException("SparkOperator.sln not found above the test binaries");

    /// <summary>A path below the repository root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The samples users apply as written.</summary>
    public static IReadOnlyList<string> Samples() => [.. Directory.GetFiles(Path("samples"), "*.yaml").Order(StringComparer.Ordinal)];
}
