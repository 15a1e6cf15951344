namespace SparkOperator.Tests.Manifests;

/// <summary>The repository checkout the tests run from: the nearest directory up holding SparkOperator.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SparkOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SparkOperator.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
