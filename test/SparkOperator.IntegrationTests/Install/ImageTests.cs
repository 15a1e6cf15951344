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
    private const string TokenDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

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
        var pod = deployment.Spec.Template.Spec;
        var container = pod.Containers.Single();
        var name = $"image-{Namespace}"[..Math.Min(63, $"image-{Namespace}".Length)].TrimEnd('-');
        var secrets = await MountsAsync(pod.ServiceAccountName, container);
        var server = ServerPattern().Match(await File.ReadAllTextAsync(TestCluster.Kubeconfig));

        List<string> run =
        [
            "run", "--detach", "--name", name, "--network", "host",
            "--user", $"{pod.SecurityContext.RunAsUser}:{pod.SecurityContext.RunAsUser}",
            "-e", $"KUBERNETES_SERVICE_HOST={server.Groups[1].Value}", "-e", $"KUBERNETES_SERVICE_PORT={server.Groups[2].Value}",
        ];
        if (container.SecurityContext.ReadOnlyRootFilesystem == true)
        {
            run.Add("--read-only");
        }

        foreach (var env in container.Env)
        {
            var value = env.ValueFrom?.FieldRef?.FieldPath switch
            {
                "metadata.namespace" => OperatorDefaults.Namespace,
                "metadata.name" => name,
                null => env.Value,
                var other => throw new AssertionException($"the Deployment reads {other}, which this test does not stand in for"),
            };

            // The one deviation: this operator watches the test's namespace, not every namespace of a shared test cluster.
            run.AddRange(["-e", $"{env.Name}={(env.Name == "WATCH_NAMESPACE" ? Namespace : value)}"]);
        }

        // Free ports on the shared host network, and a Lease of its own in the operator's namespace.
        run.AddRange(["-e", $"Http__Port={FreePort()}", "-e", $"Webhook__Port={FreePort()}", "-e", $"Operator__LeaderElection__LeaseName={name}"]);

        // And a certificate of its own from a directory, so the shared operator namespace's Secret
        // and webhook configuration are not this test's to manage (Webhooks/ManagedCertificateTests does that).
        run.AddRange(["-e", $"Webhook__CertificateDirectory={OperatorDefaults.WebhookCertificateDirectory}"]);
        foreach (var (host, mountPath) in secrets)
        {
            run.AddRange(["-v", $"{host}:{mountPath}:ro"]);
        }

        foreach (var mount in container.VolumeMounts.Where(m => pod.Volumes.Single(v => v.Name == m.Name).EmptyDir is not null))
        {
            run.AddRange(["--tmpfs", $"{mount.MountPath}:rw,mode=1777"]);
        }

        run.Add(Podman.OperatorImage);
        run.AddRange(container.Args);
        var (code, output) = await Podman.RunAsync(run);
        Assert.That(code, Is.Zero, output);
        OnTearDown(async () =>
        {
            var logs = await Podman.RunAsync(["logs", name]);
            Saw($"[container] {logs.Output}");
            await Podman.RunAsync(["rm", "--force", name]);
            await Client.CoordinationV1.DeleteNamespacedLeaseAsync(name, OperatorDefaults.Namespace);
        });

        await Eventually.UntilAsync(
            async () => (await Client.CoordinationV1.ListNamespacedLeaseAsync(OperatorDefaults.Namespace, fieldSelector: $"metadata.name={name}")).Items
                .Any(l => l.Spec?.HolderIdentity == name),
            "the container to take the lease",
            TimeSpan.FromSeconds(60),
            () => Podman.RunAsync(["logs", name]).GetAwaiter().GetResult().Output);

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

    /// <summary>
    /// The token of the Deployment's ServiceAccount from the TokenRequest API with the cluster CA
    /// and namespace, as the kubelet projects them, and a webhook serving certificate in a directory.
    /// Host directory → mount path.
    /// </summary>
    private async Task<List<(string Host, string MountPath)>> MountsAsync(string serviceAccount, V1Container container)
    {
        var root = Directory.CreateTempSubdirectory("sparkop-image-");
        OnTearDown(() =>
        {
            root.Delete(recursive: true);
            return ValueTask.CompletedTask;
        });

        var token = await Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600, Audiences = [] } },
            serviceAccount,
            OperatorDefaults.Namespace);
        var account = Directory.CreateDirectory(Path.Combine(root.FullName, "serviceaccount"));
        await File.WriteAllTextAsync(Path.Combine(account.FullName, "token"), token.Status.Token);
        File.Copy(Path.Combine(TestCluster.Directory!, "pki", "ca.crt"), Path.Combine(account.FullName, "ca.crt"));
        await File.WriteAllTextAsync(Path.Combine(account.FullName, "namespace"), OperatorDefaults.Namespace);

        using var ca = SparkOperator.Framework.Webhooks.DevelopmentCertificateAuthority.Create(WebhookServer.ServiceDnsNames);
        var tls = Directory.CreateDirectory(Path.Combine(root.FullName, "tls"));
        await File.WriteAllTextAsync(Path.Combine(tls.FullName, "tls.crt"), ca.ServerCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(tls.FullName, "tls.key"), ca.ServerCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        // Readable by the container's non-root user, as the kubelet's projections are.
        foreach (var entry in root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(entry.FullName, entry is DirectoryInfo
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return [(account.FullName, TokenDirectory), (tls.FullName, OperatorDefaults.WebhookCertificateDirectory)];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
