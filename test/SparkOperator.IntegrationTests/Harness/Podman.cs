using System.Diagnostics;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// Real containers through podman, as ../shared/containers.md says they run on these machines
/// (runc, cgroupfs). Tests that need it call <see cref="Require"/>: without podman they are
/// ignored with the reason, except under CI=true, where .ci/run installs it and they must run.
/// </summary>
public static class Podman
{
    /// <summary>The image build/image.sh builds.</summary>
    public const string OperatorImage = "localhost/spark-operator:dev";

    private static readonly string[] Global = ["--runtime", "runc", "--cgroup-manager", "cgroupfs"];

    /// <summary>Ignores the test (fails it under CI=true) when podman cannot run containers here.</summary>
    public static void Require()
    {
        if (Find("podman") is not null && Find("runc") is not null)
        {
            return;
        }

        const string message = "podman and runc are not installed (apt-get install podman runc mmdebstrap; see ../shared/containers.md)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    /// <summary>Runs podman with the machine's settings; returns its exit code and output.</summary>
    public static Task<(int Code, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        Process("podman", [.. Global, .. arguments], timeout ?? TimeSpan.FromMinutes(2));

    /// <summary>Builds the operator image with build/image.sh unless podman already has it.</summary>
    public static async Task EnsureOperatorImageAsync()
    {
        if ((await RunAsync(["image", "exists", OperatorImage])).Code == 0)
        {
            return;
        }

        var (code, output) = await Process("bash", [RepositoryFiles.Path("build", "image.sh")], TimeSpan.FromMinutes(10));
        Assert.That(code, Is.Zero, $"build/image.sh failed:\n{output}");
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output)> Process(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
