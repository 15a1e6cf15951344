using System.Diagnostics;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// Runs kubectl against the test cluster the way a user would: the kit's kubectl (from
/// KUBEBUILDER_ASSETS in the cluster's env file) for a cluster this run started, else kubectl on PATH.
/// </summary>
public static class Kubectl
{
    /// <summary>The kubectl binary to run.</summary>
    public static string Binary => TestCluster.BinDirectory is { } bin ? Path.Combine(bin, "kubectl") : "kubectl";

    /// <summary>
    /// Runs kubectl (against the test cluster unless <paramref name="kubeconfig"/> names another);
    /// returns its exit code and stdout followed by stderr.
    /// </summary>
    public static async Task<(int Code, string Output)> RunAsync(
        IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null, string? kubeconfig = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Binary)
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

        start.Environment["KUBECONFIG"] = kubeconfig ?? TestCluster.Kubeconfig;
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', start.ArgumentList)} did not finish in time");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs kubectl and fails the test unless it exits with <paramref name="expectedCode"/>; returns its output.</summary>
    public static async Task<string> ExpectAsync(int expectedCode, IEnumerable<string> arguments, string? stdin = null)
    {
        var list = arguments.ToList();
        var (code, output) = await RunAsync(list, stdin);
        Assert.That(code, Is.EqualTo(expectedCode), $"kubectl {string.Join(' ', list)}:\n{output}");
        return output;
    }
}
