using SparkOperator.Cli;
using SparkOperator.Framework.Manifests;
using SparkOperator.Manifests;

namespace SparkOperator.Tests.Manifests;

/// <summary>config/ must be exactly what `generate` writes from the current code.</summary>
public class StaleManifestTests
{
    private const string Fix = "Run: dotnet run --project src/SparkOperator -- generate --output config";

    [Test]
    public async Task Config_is_up_to_date()
    {
        var documentation = GenerateCommand.Documentation();
        Assert.That(documentation, Is.Not.Null, "KubernetesClient.xml must be copied next to the test assembly.");
        var fresh = Path.Combine(Path.GetTempPath(), "spark-operator-config-" + Guid.NewGuid().ToString("N"));
        try
        {
            await ManifestWriter.WriteAsync(fresh, InstallManifests.Build(documentation), CancellationToken.None);
            var committed = Path.Combine(RepoRoot.Path, "config");
            var problems = Differences(fresh, committed).ToList();
            Assert.That(problems, Is.Empty, $"config/ is stale. {Fix}");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    [Test]
    public void Generating_twice_gives_the_same_bytes()
    {
        var documentation = GenerateCommand.Documentation();
        var first = InstallManifests.Build(documentation);
        var second = InstallManifests.Build(documentation);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.Select(f => f.Path), Is.Unique);
        Assert.That(first.Where(f => f.Content.Contains('\r', StringComparison.Ordinal)), Is.Empty);
    }

    private static IEnumerable<string> Differences(string expectedRoot, string actualRoot)
    {
        static SortedSet<string> Files(string root) => Directory.Exists(root)
            ? new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')), StringComparer.Ordinal)
            : new(StringComparer.Ordinal);

        var expected = Files(expectedRoot);
        var actual = Files(actualRoot);
        foreach (var missing in expected.Except(actual))
        {
            yield return $"config/{missing} is missing";
        }

        foreach (var extra in actual.Except(expected))
        {
            yield return $"config/{extra} is not generated (extra file)";
        }

        foreach (var both in expected.Intersect(actual))
        {
            var want = File.ReadAllBytes(Path.Combine(expectedRoot, both));
            var have = File.ReadAllBytes(Path.Combine(actualRoot, both));
            if (!want.AsSpan().SequenceEqual(have))
            {
                yield return $"config/{both} differs from the generated file";
            }
        }
    }
}
