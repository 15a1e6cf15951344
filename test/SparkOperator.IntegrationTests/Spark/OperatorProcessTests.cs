using System.Diagnostics;
using k8s;
using System.Text.Json.Nodes;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// As a user runs it: the built operator as its own process (<c>dotnet SparkOperator.dll run</c>)
/// with a kubeconfig holding its generated ServiceAccount's token, the samples applied with
/// kubectl, and <c>kubectl get sparkapp</c> at the end.
/// </summary>
public class OperatorProcessTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task The_operator_process_runs_every_sample_to_success()
    {
        TestCluster.RequireKwok();
        var dll = OperatorDll();
        Assert.That(File.Exists(dll), Is.True, $"build the operator first: {dll} is missing");
        await using var maven = TinyMavenRepository.Start();
        await EnforceRestrictedPodSecurityAsync();
        // Killed and disposed at tear-down (a `using` here would dispose it before it is killed).
        var process = StartOperatorProcess(dll, await ServiceAccountKubeconfig.OperatorAsync());

        var names = new List<string>();
        foreach (var sample in RepositoryFiles.Samples())
        {
            var documents = PrepareCopy(sample, maven);
            names.AddRange(TestManifests.SparkApplications(documents).Select(a => (string)a["metadata"]!["name"]!));
            await ApplyAsync(documents);
        }

        var apps = new List<SparkApplication>();
        foreach (var name in names)
        {
            apps.Add(await WaitForAppAsync(name, a => a.Status?.Phase is ApplicationPhase.Succeeded or ApplicationPhase.Failed, "to finish", TimeSpan.FromSeconds(180)));
        }

        var table = await Kubectl.ExpectAsync(0, ["get", "sparkapp", "-n", Namespace]);
        TestContext.Out.WriteLine($"kubectl get sparkapp:\n{table}");
        foreach (var name in names)
        {
            Assert.That(table, Does.Match($@"(?m)^{name}\s+Succeeded\s"), table);
        }

        Assert.That(process.HasExited, Is.False, "the operator process is still running");
        foreach (var app in apps)
        {
            await AssertPodsRestrictedAsync(app);
        }

        // The samples' own pods are admitted too: ny-tlc-report's Job that fills the dependencies volume.
        await Eventually.ValueAsync(() => Client.BatchV1.ReadNamespacedJobAsync("aws-deps", Namespace), j => j.Status?.Succeeded == 1, "the aws-deps Job to complete", describe: Seen);
    }

    /// <summary>The operator built in the same configuration as these tests.</summary>
    private static string OperatorDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return RepositoryFiles.Path("src", "SparkOperator", "bin", configuration, "net10.0", "SparkOperator.dll");
    }

    private Process StartOperatorProcess(string dll, string kubeconfig)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            dll, "run",
            "--Operator:LeaderElection:Enabled=false",
            $"--WATCH_NAMESPACE={Namespace}",
            "--Webhook:DevelopmentCertificate=true",
            "--Webhook:Port=0",
            "--Http:Port=0",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // As a user would: the kubeconfig through the environment.
        start.Environment["KUBECONFIG"] = kubeconfig;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Saw($"[process] {e.Data}"); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Saw($"[process] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        OnTearDown(async () =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        });
        return process;
    }
}
