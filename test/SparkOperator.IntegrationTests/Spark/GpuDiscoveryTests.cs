using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Spark;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// executor.gpu through real spark-submit: Spark accepted the operator's discovery script path, and
/// the executor template it hands to the driver (which starts the executors from it) still mounts
/// the script from the attempt's ConfigMap, executable, at that path.
/// </summary>
public class GpuDiscoveryTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Spark_hands_the_shipped_discovery_script_to_gpu_executors()
    {
        TestCluster.RequireKwok();
        await EnforceRestrictedPodSecurityAsync();
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("gpu-pi", spec: s =>
            s["executor"]!["gpu"] = new JsonObject { ["name"] = "nvidia.com/gpu", ["quantity"] = 1 }));

        var app = await WaitForPhaseAsync("gpu-pi", ApplicationPhase.Running, TimeSpan.FromSeconds(180));
        await Eventually.ValueAsync(() => Client.BatchV1.ReadNamespacedJobAsync(app.Status!.SubmitJobName, Namespace), j => j.Status?.Succeeded == 1, "spark-submit to exit", TimeSpan.FromSeconds(90), Seen);
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status!.DriverPodName, Namespace);
        var mounted = driver.Spec.Volumes.Where(v => v.ConfigMap is not null).Select(v => v.ConfigMap.Name).ToHashSet(StringComparer.Ordinal);
        var driverMaps = (await Client.CoreV1.ListNamespacedConfigMapAsync(Namespace)).Items.Where(m => mounted.Contains(m.Name())).ToList();
        var values = driverMaps.SelectMany(m => m.Data ?? new Dictionary<string, string>()).Select(d => d.Value).ToList();
        var properties = values.Single(v => v.Contains("spark.kubernetes.driver.pod.name", StringComparison.Ordinal)).Replace("\\:", ":", StringComparison.Ordinal).Replace("\\=", "=", StringComparison.Ordinal);
        var executorTemplate = KubernetesYaml.Deserialize<V1Pod>(values.Single(v => v.Contains(OwnedPaths.GpuDiscoveryVolume, StringComparison.Ordinal)));
        var volume = executorTemplate.Spec.Volumes.Single(v => v.Name == OwnedPaths.GpuDiscoveryVolume);
        var mount = executorTemplate.Spec.Containers.Single(c => c.Name == OwnedPaths.SparkContainer).VolumeMounts.Single(m => m.Name == OwnedPaths.GpuDiscoveryVolume);
        var operatorMap = await Client.CoreV1.ReadNamespacedConfigMapAsync(volume.ConfigMap.Name, Namespace);

        Assert.Multiple(() =>
        {
            Assert.That(properties, Does.Contain($"spark.executor.resource.gpu.discoveryScript={OwnedPaths.GpuDiscoveryDirectory}/{OwnedPaths.GpuDiscoveryFile}"));
            Assert.That(properties, Does.Contain("spark.executor.resource.gpu.vendor=nvidia.com"));
            Assert.That(mount.MountPath, Is.EqualTo(OwnedPaths.GpuDiscoveryDirectory));
            Assert.That(volume.ConfigMap.DefaultMode, Is.EqualTo(0b101_101_101));
            Assert.That(operatorMap.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(app.Uid()), "the script's ConfigMap lives as long as the application");
            Assert.That(operatorMap.Data[OwnedPaths.GpuDiscoveryFile], Does.StartWith("#!/bin/sh"));
            Assert.That(driver.Spec.Volumes.Select(v => v.Name), Has.No.Member(OwnedPaths.GpuDiscoveryVolume), "the driver asks for no GPU");
        });
    }
}
