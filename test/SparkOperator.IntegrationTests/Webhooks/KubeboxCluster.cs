using System.Diagnostics;

namespace SparkOperator.IntegrationTests.Webhooks;

/// <summary>
/// A real control plane from the shared kit (shared/k8s/cluster.sh, found above the test directory),
/// in its own directory, plus a kubectl runner bound to it. Always <see cref="DisposeAsync"/> it.
/// </summary>
internal sealed class KubeboxCluster : IAsyncDisposable
{
    private readonly string script;

    private KubeboxCluster(string script, string directory, string kubeconfig, string binDirectory)
    {
        this.script = script;
        Directory = directory;
        Kubeconfig = kubeconfig;
        BinDirectory = binDirectory;
    }

    public string Directory { get; }

    public string Kubeconfig { get; }

    public string BinDirectory { get; }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SparkOperator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SparkOperator.sln not found above the test directory");
    }

    public static async Task<KubeboxCluster> UpAsync()
    {
        var script = FindScript();
        var directory = Path.Combine(Path.GetTempPath(), $"sparkop-webhook-{Guid.NewGuid():N}"[..28]);
        var (code, output) = await RunAsync(script, ["up", directory], null, null, TimeSpan.FromMinutes(3));
        if (code != 0)
        {
            await RunAsync(script, ["down", directory], null, null, TimeSpan.FromMinutes(1));
            throw new InvalidOperationException($"cluster.sh up failed ({code}): {output}");
        }

        string? kubeconfig = null, bin = null;
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(directory, "env")))
        {
            if (line.StartsWith("export KUBECONFIG=", StringComparison.Ordinal))
            {
                kubeconfig = line["export KUBECONFIG=".Length..];
            }
            else if (line.StartsWith("export KUBEBUILDER_ASSETS=", StringComparison.Ordinal))
            {
                bin = line["export KUBEBUILDER_ASSETS=".Length..];
            }
        }

        return new KubeboxCluster(script, directory, kubeconfig!, bin!);
    }

    /// <summary>Runs kubectl against this cluster; returns its exit code and stdout+stderr.</summary>
    public Task<(int Code, string Output)> KubectlAsync(IReadOnlyList<string> arguments, string? stdin = null) =>
        RunAsync(Path.Combine(BinDirectory, "kubectl"), arguments, stdin, Kubeconfig, TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync() => await RunAsync(script, ["down", Directory], null, null, TimeSpan.FromMinutes(1));

    private static string FindScript()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBEBOX_K8S_DIR");
        if (fromEnvironment is not null)
        {
            return Path.Combine(fromEnvironment, "cluster.sh");
        }

        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "k8s", "cluster.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/k8s/cluster.sh not found above the test directory; set KUBEBOX_K8S_DIR");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, string? stdin, string? kubeconfig, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (kubeconfig is not null)
        {
            start.Environment["KUBECONFIG"] = kubeconfig;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
