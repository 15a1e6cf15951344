using SparkOperator.Manifests;
using System.Runtime.CompilerServices;
using SparkOperator.Cli;

namespace SparkOperator.Tests.Submission;

/// <summary>
/// Every sample renders exactly to its checked-in golden file. After an intended change,
/// regenerate them all with:
/// <code>UPDATE_GOLDEN=1 dotnet test test/SparkOperator.Tests --filter FullyQualifiedName~GoldenFileTests</code>
/// and review the diff.
/// </summary>
public class GoldenFileTests
{
    private static readonly string SourceDirectory = ThisDirectory();
    private static readonly string GoldenDirectory = Path.Combine(SourceDirectory, "golden");
    private static readonly string SamplesDirectory = Path.GetFullPath(Path.Combine(SourceDirectory, "..", "..", "..", "samples"));

    public static IEnumerable<string> Samples() =>
        Directory.GetFiles(SamplesDirectory, "*.yaml")
            .Where(f => ManifestReader.ReadSparkApplications(File.ReadAllText(f)).Count > 0)
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Samples))]
    public void Sample_renders_to_its_golden_file(string sample)
    {
        var rendered = RenderCommand.Render(File.ReadAllText(Path.Combine(SamplesDirectory, sample + ".yaml")), attempt: 1);
        var golden = Path.Combine(GoldenDirectory, sample + ".yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDirectory);
            File.WriteAllText(golden, rendered);
        }

        Assert.That(File.Exists(golden), $"No golden file {golden}; create it with UPDATE_GOLDEN=1.");
        Assert.That(rendered, Is.EqualTo(File.ReadAllText(golden)), $"{sample} renders differently from {golden}.");
    }

    [Test]
    public void Every_golden_file_belongs_to_a_sample()
    {
        var goldens = Directory.GetFiles(GoldenDirectory, "*.yaml").Select(Path.GetFileNameWithoutExtension);
        Assert.That(goldens, Is.SubsetOf(Samples()));
    }

    [Test]
    public void Rendering_is_deterministic()
    {
        foreach (var sample in Samples())
        {
            var yaml = File.ReadAllText(Path.Combine(SamplesDirectory, sample + ".yaml"));
            var first = RenderCommand.Render(yaml, 2);
            var second = RenderCommand.Render(yaml, 2);
            Assert.That(second, Is.EqualTo(first), sample);
        }
    }

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
