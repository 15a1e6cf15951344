using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Net.Sockets;

using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Hosting;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Install;

/// <summary>
/// The operator image, run as the generated Deployment runs it: podman stands in for the kubelet
/// (host network, the pod's user, a read-only root filesystem, the container's env and args, the
/// generated ServiceAccount's token and the cluster CA at the in-cluster path, and the API server
/// as KUBERNETES_SERVICE_HOST/PORT). It takes the lease and runs every sample under the generated RBAC.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class ImageTests : SparkApplicationTest
{
    [GeneratedRegex(@"server:\s*https://([^:/\s]+):(\d+)")]
    private static partial Regex ServerPattern();

    [Test]
    [Category("NeedsKwok")]
    public async Task The_image_runs_every_sample_as_the_deployment_runs_it()
    {
        TestCluster.RequireKwok();
        Podman.Require();
        await Podman.EnsureOperatorImageAsync();
        await using var maven = TinyMavenRepository.Start();

        var deployment = KubernetesYaml.Deserialize<V1Deployment>(await File.ReadAllTextAsync(RepositoryFiles.Path("config", "manager", "deployment.yaml")));
        var name = $"image-{Namespace}"[..Math.Min(55, $"image-{Namespace}".Length)].TrimEnd('-');
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = OperatorDefaults.Namespace, Labels = deployment.Spec.Template.Metadata.Labels },
            Spec = deployment.Spec.Template.Spec,
        };
        var server = ServerPattern().Match(await File.ReadAllTextAsync(TestCluster.Kubeconfig));
        var kubelet = new PodmanKubelet(
            Client, new Uri($"https://{server.Groups[1].Value}:{server.Groups[2].Value}"), Path.Combine(TestCluster.Directory!, "pki", "ca.crt"));

        // The deviations from the Deployment: this operator watches the test's namespace, not every
        // namespace of a shared test cluster; it has free ports on the shared host network and a
        // Lease of its own; and it serves a certificate from a directory, so the shared operator
        // namespace's Secret and webhook configuration are not this test's to manage
        // (Webhooks/ManagedCertificateTests and Install/ReadmeInstallTests do that).
        var deviations = new Dictionary<string, string>
        {
            ["WATCH_NAMESPACE"] = Namespace,
            ["Http__Port"] = $"{FreePort()}",
            ["Webhook__Port"] = $"{FreePort()}",
            ["Operator__LeaderElection__LeaseName"] = name,
            ["Webhook__CertificateDirectory"] = OperatorDefaults.WebhookCertificateDirectory,
        };
        OnTearDown(async () =>
        {
            Saw($"[container] {await kubelet.LogsAsync(name)}");
            await kubelet.DisposeAsync();
            await Client.CoordinationV1.DeleteNamespacedLeaseAsync(name, OperatorDefaults.Namespace);
        });
        await kubelet.RunAsync(pod, deviations, [(await CertificateDirectoryAsync(), OperatorDefaults.WebhookCertificateDirectory)]);

        await Eventually.UntilAsync(
            async () => (await Client.CoordinationV1.ListNamespacedLeaseAsync(OperatorDefaults.Namespace, fieldSelector: $"metadata.name={name}")).Items
                .Any(l => l.Spec?.HolderIdentity == name),
            "the container to take the lease",
            TimeSpan.FromSeconds(60),
            () => kubelet.LogsAsync(name).GetAwaiter().GetResult());

        var names = new List<string>();
        foreach (var sample in RepositoryFiles.Samples())
        {
            var documents = PrepareCopy(sample, maven);
            names.AddRange(TestManifests.SparkApplications(documents).Select(a => (string)a["metadata"]!["name"]!));
            await ApplyAsync(documents);
        }

        foreach (var app in names)
        {
            await WaitForPhaseAsync(app, ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));
        }
    }

    /// <summary>A webhook serving certificate in a directory, readable by the container's user.</summary>
    private async Task<string> CertificateDirectoryAsync()
    {
        var tls = Directory.CreateTempSubdirectory("sparkop-image-tls-");
        OnTearDown(() =>
        {
            tls.Delete(recursive: true);
            return ValueTask.CompletedTask;
        });

        using var ca = SparkOperator.Framework.Webhooks.DevelopmentCertificateAuthority.Create(WebhookServer.ServiceDnsNames);
        await File.WriteAllTextAsync(Path.Combine(tls.FullName, "tls.crt"), ca.ServerCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(tls.FullName, "tls.key"), ca.ServerCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        PodmanKubelet.MakeReadable(tls);
        return tls.FullName;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
