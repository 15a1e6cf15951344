using System.Diagnostics;
using System.Text;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Runs <c>shared/k8s/cluster.sh</c> and finds it relative to the repository.</summary>
public static class ClusterScript
{
    /// <summary>
    /// The shared folder: <c>SPARKOPERATOR_SHARED_DIR</c>, else the sibling <c>../shared</c> of the
    /// repository root (the folder holding SparkOperator.sln), else <c>/work/shared</c>.
    /// </summary>
    public static string? FindSharedDirectory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SPARKOPERATOR_SHARED_DIR") is { Length: > 0 } env)
        {
            candidates.Add(env);
        }

        if (FindRepositoryRoot() is { } root)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(root, "..", "shared")));
        }

        candidates.Add("/work/shared");
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "k8s", "cluster.sh")));
    }

    /// <summary>The nearest ancestor of the test binaries holding SparkOperator.sln.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SparkOperator.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Runs <c>cluster.sh</c> with <paramref name="arguments"/>; returns exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string script, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}: {output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
