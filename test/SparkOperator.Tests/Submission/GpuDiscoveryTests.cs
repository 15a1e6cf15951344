using System.Diagnostics;
using System.Text.Json;
using SparkOperator.Entities;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

/// <summary>
/// The GPU discovery script the operator ships: only GPU executors get it, at the path Spark's conf
/// names, executable from a read-only ConfigMap volume; a configured in-image script replaces it.
/// The script itself is run for real, directly (as Spark runs it, without a shell of its own).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class GpuDiscoveryTests
{
    private const string ShippedPath = $"{OwnedPaths.GpuDiscoveryDirectory}/{OwnedPaths.GpuDiscoveryFile}";

    private static SparkApplication GpuApp(string gpu = "nvidia.com/gpu")
    {
        var app = TestApps.Minimal();
        app.Spec.Executor = new ExecutorSpec { Instances = 1, Gpu = new GpuSpec { Name = gpu, Quantity = 2 } };
        return app;
    }

    [Test]
    public void Gpu_executors_get_the_shipped_script_from_the_attempts_config_map()
    {
        var built = SubmissionBuilder.Build(GpuApp(), 3);
        var executor = TestApps.ExecutorTemplate(built);
        var volume = executor.Spec.Volumes.Single(v => v.Name == OwnedPaths.GpuDiscoveryVolume);
        var mount = TestApps.MainContainer(built, "executor").VolumeMounts.Single(m => m.Name == OwnedPaths.GpuDiscoveryVolume);

        Assert.Multiple(() =>
        {
            Assert.That(TestApps.Confs(built)["spark.executor.resource.gpu.discoveryScript"], Is.EqualTo(ShippedPath));
            Assert.That(volume.ConfigMap.Name, Is.EqualTo(built.PodTemplates.Metadata.Name), "the attempt's own ConfigMap, which lives as long as the application");
            Assert.That(volume.ConfigMap.Items.Single().Key, Is.EqualTo(OwnedPaths.GpuDiscoveryFile), "only the script, not the pod templates");
            Assert.That(Convert.ToString(volume.ConfigMap.DefaultMode!.Value, 8), Is.EqualTo("555"));
            Assert.That(mount.MountPath, Is.EqualTo(OwnedPaths.GpuDiscoveryDirectory));
            Assert.That(mount.ReadOnlyProperty, Is.True);
            Assert.That(built.PodTemplates.Data[OwnedPaths.GpuDiscoveryFile], Does.StartWith("#!/bin/sh\n"));
            Assert.That(TestApps.DriverTemplate(built).Spec.Volumes ?? [], Has.None.Property("Name").EqualTo(OwnedPaths.GpuDiscoveryVolume), "the driver asks for no GPU");
        });
    }

    [Test]
    public void Without_gpus_nothing_is_shipped()
    {
        var built = TestApps.Build(TestApps.Minimal());
        Assert.Multiple(() =>
        {
            Assert.That(built.PodTemplates.Data.Keys, Is.EquivalentTo(new[] { OwnedPaths.DriverTemplateFile, OwnedPaths.ExecutorTemplateFile }));
            Assert.That(TestApps.ExecutorTemplate(built).Spec.Volumes ?? [], Has.None.Property("Name").EqualTo(OwnedPaths.GpuDiscoveryVolume));
        });
    }

    [Test]
    public void A_configured_script_in_the_image_replaces_the_shipped_one()
    {
        var built = SubmissionBuilder.Build(GpuApp(), 1, SubmissionOptions.Default with { GpuDiscoveryScript = "/opt/gpu/discover.sh" });
        Assert.Multiple(() =>
        {
            Assert.That(TestApps.Confs(built)["spark.executor.resource.gpu.discoveryScript"], Is.EqualTo("/opt/gpu/discover.sh"));
            Assert.That(built.PodTemplates.Data.Keys, Has.No.Member(OwnedPaths.GpuDiscoveryFile));
            Assert.That(TestApps.ExecutorTemplate(built).Spec.Volumes ?? [], Has.None.Property("Name").EqualTo(OwnedPaths.GpuDiscoveryVolume));
        });
    }

    [TestCase("nvidia.com/gpu", "gpu", "0\n1\n", new[] { "0", "1" })]
    [TestCase("amd.com/gpu", "gpu", "3\n", new[] { "3" })]
    [TestCase("nvidia.com/mig-1g.5gb", "mig-1g.5gb", "", new string[0])]
    public async Task The_script_prints_what_sparks_resource_discovery_parses(string gpu, string resource, string indexes, string[] addresses)
    {
        var (code, output) = await RunScriptAsync(GpuApp(gpu), $"printf '{indexes.Replace("\n", "\\n", StringComparison.Ordinal)}'");

        Assert.That(code, Is.Zero, output);
        using var json = JsonDocument.Parse(output);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("name").GetString(), Is.EqualTo(resource), "Spark refuses a script naming another resource");
            Assert.That(json.RootElement.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(addresses));
        });
    }

    [Test]
    public async Task A_failing_nvidia_smi_fails_the_script()
    {
        var (code, _) = await RunScriptAsync(GpuApp(), "echo 'NVIDIA-SMI has failed' >&2; exit 9");
        Assert.That(code, Is.Not.Zero, "an executor must not start believing it has no GPU");
    }

    /// <summary>Writes the shipped script as the kubelet would (mode 0555) and executes it, with a stand-in nvidia-smi first on PATH.</summary>
    private static async Task<(int Code, string Output)> RunScriptAsync(SparkApplication app, string nvidiaSmiBody)
    {
        if (!File.Exists("/bin/sh"))
        {
            Assert.Ignore("needs /bin/sh");
        }

        var directory = Directory.CreateTempSubdirectory("gpu-discovery-");
        try
        {
            var script = Path.Combine(directory.FullName, OwnedPaths.GpuDiscoveryFile);
            var fake = Path.Combine(directory.FullName, "nvidia-smi");
            await File.WriteAllTextAsync(script, TestApps.Build(app).PodTemplates.Data[OwnedPaths.GpuDiscoveryFile]);
            await File.WriteAllTextAsync(fake, $"#!/bin/sh\n{nvidiaSmiBody}\n");
            const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(script, mode);
            File.SetUnixFileMode(fake, mode);

            var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["PATH"] = $"{directory.FullName}:/usr/bin:/bin";
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output + error);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
