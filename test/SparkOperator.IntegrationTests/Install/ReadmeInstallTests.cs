using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NUnit.Framework.Interfaces;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Webhooks.Certificates;
using SparkOperator.Hosting;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.IntegrationTests.Webhooks;

namespace SparkOperator.IntegrationTests.Install;

/// <summary>
/// The README's install, run as written on a fresh cluster of the kit: its lines are read from the
/// README's install block, so the two cannot drift. The Deployment's pods, once scheduled onto the
/// simulated nodes, are run by podman as their kubelet would (<see cref="PodmanKubelet"/>), under
/// the generated ServiceAccount. Two deviations, both forced by the kit: on the shared host network
/// each replica gets ports of its own (env <c>Http__Port</c>, <c>Webhook__Port</c>); and because the
/// kit's API server cannot reach a Service, the test registers the webhook by URL at one replica's
/// port on 127.0.0.1, so the operator makes its certificate for that address too
/// (<c>Webhook__CertificateExtraNames=127.0.0.1</c>). Everything else (certificate, caBundle,
/// leader election, rotation interval) is as shipped. Each test leaves the install working, so their order does not matter.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Category("NeedsKwok")]
[NonParallelizable]
public sealed class ReadmeInstallTests
{
    private const string Marker = "<!-- install-steps:";
    private const string Tenant = "tenant-a";
    private const string OperatorSelector = "app.kubernetes.io/name=spark-operator";
    private static readonly string ServiceHost = $"{OperatorDefaults.WebhookServiceName}.{OperatorDefaults.Namespace}.svc";

    private readonly ConcurrentDictionary<string, (int Http, int Webhook)> _ports = new();
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private OwnCluster? _cluster;
    private PodmanKubelet? _kubelet;
    private Task? _serving;

    private OwnCluster Cluster => _cluster!;

    private IKubernetes Client => Cluster.Client;

    [OneTimeSetUp]
    public async Task InstallAsTheReadmeSaysAsync()
    {
        Podman.Require();
        var steps = InstallSteps();
        _cluster = OwnCluster.Start();
        _kubelet = new PodmanKubelet(Client, Cluster.ApiServer, Cluster.CaFile);
        _serving = _kubelet.ServeAsync(OperatorDefaults.Namespace, OperatorSelector, Deviations, _stop.Token);
        foreach (var step in steps)
        {
            await RunStepAsync(step);
        }

        await Eventually.UntilAsync(() => _kubelet.Containers.Count == 2, "both replicas' containers to run", TimeSpan.FromSeconds(60), Describe);
        await RegisterByUrlAsync();
        await CreateTenantNamespaceAsync();
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        await _stop.CancelAsync();
        if (_serving is not null)
        {
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            TestContext.Progress.WriteLine(Describe());
        }

        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        _cluster?.Dispose();
        _stop.Dispose();
    }

    [Test]
    public async Task Installed_as_written_one_replica_leads_and_both_serve_a_certificate_the_caBundle_trusts()
    {
        var pods = (await Client.CoreV1.ListNamespacedPodAsync(OperatorDefaults.Namespace, labelSelector: OperatorSelector)).Items;
        Assert.That(pods.Select(p => p.Spec.ServiceAccountName), Is.All.EqualTo(OperatorDefaults.Name), "the Deployment's pods run as the generated ServiceAccount");
        await Eventually.UntilAsync(
            async () => (await Client.CoordinationV1.ListNamespacedLeaseAsync(OperatorDefaults.Namespace)).Items
                .Any(l => pods.Any(p => p.Metadata.Name == l.Spec?.HolderIdentity)),
            "one of the Deployment's pods to hold the leader Lease",
            TimeSpan.FromSeconds(60),
            Describe);

        var secrets = (await Client.CoreV1.ListNamespacedSecretAsync(OperatorDefaults.Namespace)).Items.Where(s => s.Type == "kubernetes.io/tls").ToList();
        Assert.That(secrets.Select(s => s.Metadata.Name), Is.EqualTo(new[] { OperatorDefaults.WebhookCertificateSecret }), "two replicas starting together leave one Secret");
        var ca = Encoding.ASCII.GetString(secrets.Single().Data["ca.crt"]);
        var caBundle = await CaBundleAsync();
        Assert.That(CaBundle.Contains(caBundle, ca), Is.True, "the caBundle holds the Secret's CA");
        await AssertServedAndTrustedAsync();
        foreach (var (pod, ports) in _ports)
        {
            using var http = new HttpClient();
            await Eventually.UntilAsync(
                async () => (await http.GetAsync(new Uri($"http://127.0.0.1:{ports.Http}/readyz"))).IsSuccessStatusCode,
                $"{pod} to be ready (caches synced, certificate loaded)",
                TimeSpan.FromSeconds(60),
                Describe);
        }
    }

    [Test]
    public async Task Through_the_webhook_a_bad_spec_is_refused_and_a_sample_runs_to_Succeeded()
    {
        await AssertBadSpecRefusedAsync();
        var documents = TestManifests.Load(RepositoryFiles.Path("samples", "spark-pi.yaml")).WithDriverOutcome("succeed").WithPatientSubmission();
        var (code, output) = await Kubectl.RunAsync(["apply", "-n", Tenant, "-f", "-"], TestManifests.ToList(documents), kubeconfig: Cluster.Kubeconfig);
        Assert.That(code, Is.Zero, output);
        var apps = new CustomResourceClient<SparkApplication>(Client, "readme-install-test");
        var name = (string)TestManifests.SparkApplications(documents).Single()["metadata"]!["name"]!;
        await Eventually.ValueAsync(
            () => apps.GetAsync(Tenant, name),
            a => a.Status?.Phase == ApplicationPhase.Succeeded,
            $"{name} to reach Succeeded in a namespace enforcing Pod Security restricted",
            TimeSpan.FromSeconds(180),
            Describe);
    }

    [Test]
    public async Task A_malformed_certificate_Secret_is_replaced_without_one_failed_review()
    {
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync(OperatorDefaults.WebhookCertificateSecret, OperatorDefaults.Namespace);
        var before = Encoding.ASCII.GetString(secret.Data["ca.crt"]);
        var patch = new JsonObject { ["data"] = new JsonObject { ["tls.crt"] = Convert.ToBase64String("not a certificate"u8.ToArray()) } };
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), secret.Metadata.Name, secret.Metadata.NamespaceProperty);
        Saw("tls.crt of the Secret overwritten with garbage");

        var failures = new List<string>();
        var reviews = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                reviews++;
                if (await DryRunCreateAsync() is { } failure)
                {
                    failures.Add(failure);
                }

                var now = await Client.CoreV1.ReadNamespacedSecretAsync(OperatorDefaults.WebhookCertificateSecret, OperatorDefaults.Namespace);
                if (Encoding.ASCII.GetString(now.Data["ca.crt"]) == before || CertificateInspection.Inspect(now.Data, [ServiceHost], CertificateLifetimes.Default, DateTimeOffset.UtcNow).Status != CertificateStatus.Valid)
                {
                    return false;
                }

                var leaf = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(now.Data["tls.crt"]));
                foreach (var ports in _ports.Values)
                {
                    if (!(await ServedCertificate.FetchAsync(ports.Webhook, ServiceHost)).RawData.AsSpan().SequenceEqual(leaf.RawData))
                    {
                        return false;
                    }
                }

                return true;
            },
            "a new valid certificate in the Secret, served by both replicas (the rotator checks every 30 s, replicas reload every 10 s)",
            TimeSpan.FromSeconds(90),
            Describe);

        Saw($"{reviews} reviews while the Secret was repaired");
        Assert.That(failures, Is.Empty, $"reviews failed while the Secret was repaired ({reviews} in all)");
        await AssertServedAndTrustedAsync();
    }

    [Test]
    public async Task A_deleted_webhook_configuration_applied_again_gets_its_caBundle_back_within_one_check()
    {
        await Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(OperatorDefaults.Name);
        Saw("ValidatingWebhookConfiguration deleted by hand; the operator does not recreate it");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That((await Client.AdmissionregistrationV1.ListValidatingWebhookConfigurationAsync()).Items, Is.Empty);

        await RunStepAsync(InstallSteps().Single(s => s.Contains("apply")));
        await RegisterByUrlAsync();
        await Eventually.UntilAsync(
            async () => ServedCertificate.Problem(await ServedCertificate.FetchAsync(FirstReplica.Webhook, ServiceHost), await CaBundleAsync(), ServiceHost) is null,
            "the re-applied configuration's caBundle to be filled by the leader",
            TimeSpan.FromSeconds(75),
            Describe);
        await AssertBadSpecRefusedAsync();
    }

    /// <summary>The README's install lines: the fenced block after the marker, comments dropped, split on spaces.</summary>
    private static List<string[]> InstallSteps()
    {
        var lines = File.ReadAllLines(RepositoryFiles.Path("README.md"));
        var marker = Array.FindIndex(lines, l => l.StartsWith(Marker, StringComparison.Ordinal));
        Assert.That(marker, Is.Not.Negative, $"README.md has no {Marker} block");
        Assert.That(lines[marker + 1], Is.EqualTo("```bash"), "the marker precedes a bash block");
        var steps = new List<string[]>();
        foreach (var line in lines.Skip(marker + 2).TakeWhile(l => l != "```"))
        {
            var command = (line.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0 ? line[..hash] : line).Trim();
            Assert.That(command, Does.Not.Contain("'").And.Not.Contain("\"").And.Not.Contain("$").And.Not.Contain("|"), $"an install line this test runs word by word: {line}");
            steps.Add(command.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.That(steps, Is.Not.Empty);
        return steps;
    }

    private async Task RunStepAsync(string[] step)
    {
        switch (step[0])
        {
            case "build/image.sh":
                // .ci/run builds the image from the checkout before the tests; elsewhere it is built here when podman has none.
                Assert.That(step, Has.Length.EqualTo(1), "the README's image build takes no arguments");
                await Podman.EnsureOperatorImageAsync();
                break;
            case "kubectl":
                var (code, output) = await Cluster.KubectlAsync(step[1..], RepositoryFiles.Root, TimeSpan.FromMinutes(4));
                Saw($"$ {string.Join(' ', step)}\n{output.Trim()}");
                Assert.That(code, Is.Zero, $"{string.Join(' ', step)}:\n{output}\n{Describe()}");
                break;
            default:
                Assert.Fail($"the README's install has a step this test does not know how to run: {string.Join(' ', step)}");
                break;
        }
    }

    private IReadOnlyDictionary<string, string> Deviations(V1Pod pod)
    {
        var ports = _ports.GetOrAdd(pod.Metadata.Name, _ => (FreePort(), FreePort()));
        Saw($"pod {pod.Metadata.Name} scheduled to {pod.Spec.NodeName}: running it with podman, http {ports.Http}, webhook {ports.Webhook}");
        return new Dictionary<string, string>
        {
            ["Http__Port"] = $"{ports.Http}",
            ["Webhook__Port"] = $"{ports.Webhook}",
            ["Webhook__CertificateExtraNames"] = "127.0.0.1",
        };
    }

    private (int Http, int Webhook) FirstReplica => _ports.OrderBy(p => p.Key, StringComparer.Ordinal).First().Value;

    /// <summary>Points the generated webhook at the first replica by URL (the kit's API server cannot reach Services), keeping its caBundle.</summary>
    private async Task RegisterByUrlAsync()
    {
        var operations = new JsonArray(
            new JsonObject { ["op"] = "remove", ["path"] = "/webhooks/0/clientConfig/service" },
            new JsonObject { ["op"] = "add", ["path"] = "/webhooks/0/clientConfig/url", ["value"] = $"https://127.0.0.1:{FirstReplica.Webhook}{OperatorDefaults.ValidateSparkApplicationPath}" });
        await Client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(new V1Patch(operations.ToJsonString(), V1Patch.PatchType.JsonPatch), OperatorDefaults.Name);
        Saw($"webhook registered by URL at 127.0.0.1:{FirstReplica.Webhook}");
    }

    private async Task CreateTenantNamespaceAsync()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta
            {
                Name = Tenant,
                Labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted", ["pod-security.kubernetes.io/enforce-version"] = "latest" },
            },
        });

        // A kubelet would wait for kube-root-ca.crt before starting a pod that mounts it; the kit's runner does not.
        await Eventually.UntilAsync(
            async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(Tenant, fieldSelector: "metadata.name=kube-root-ca.crt")).Items.Count > 0
                && (await Client.CoreV1.ListNamespacedServiceAccountAsync(Tenant, fieldSelector: "metadata.name=default")).Items.Count > 0,
            "the controller manager to publish kube-root-ca.crt and the default ServiceAccount",
            TimeSpan.FromSeconds(60));
    }

    // Every kind's webhook is in the one configuration, and the leader fills them all with one CA;
    // null until every webhook carries the same bundle.
    private async Task<byte[]?> CaBundleAsync()
    {
        var bundles = (await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(OperatorDefaults.Name)).Webhooks
            .Select(w => w.ClientConfig.CaBundle).ToList();
        return bundles.All(b => b is { Length: > 0 } && b.AsSpan().SequenceEqual(bundles[0])) ? bundles[0] : null;
    }

    private async Task AssertServedAndTrustedAsync()
    {
        var caBundle = await CaBundleAsync();
        foreach (var (pod, ports) in _ports)
        {
            await Eventually.UntilAsync(
                async () => ServedCertificate.Problem(await ServedCertificate.FetchAsync(ports.Webhook, ServiceHost), caBundle, ServiceHost) is null,
                $"{pod} to serve a certificate for {ServiceHost} that the caBundle trusts",
                TimeSpan.FromSeconds(30),
                Describe);
        }
    }

    /// <summary>A host path through a Spark conf: only the webhook's pod policy refuses it (the schema admits any conf).</summary>
    private async Task AssertBadSpecRefusedAsync()
    {
        var app = TestManifests.SparkPi("host-path-by-conf", spec: s => s["sparkConf"] = new JsonObject
        {
            ["spark.kubernetes.driver.volumes.hostPath.root.mount.path"] = "/host",
            ["spark.kubernetes.driver.volumes.hostPath.root.options.path"] = "/",
        });
        var (code, output) = await Kubectl.RunAsync(["apply", "-n", Tenant, "-f", "-"], app.ToJsonString(), kubeconfig: Cluster.Kubeconfig);
        Assert.That(code, Is.Not.Zero, $"admitted:\n{output}");
        // Only the webhook knows the pod policy: the schema admits any conf.
        Assert.That(output, Does.Contain("spec.sparkConf[spark.kubernetes.driver.volumes.hostPath.root.mount.path]").And.Contain("Policy:AllowedSparkConf"), output);
    }

    /// <summary>A server-side dry-run create of a valid application; null when admitted, else why not.</summary>
    private async Task<string?> DryRunCreateAsync()
    {
        var app = TestManifests.SparkPi($"dry-run-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(app, "sparkoperator.dev", "v1alpha1", Tenant, "sparkapplications", dryRun: "All");
            return null;
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {(int)e.Response.StatusCode}: {e.Response.Content}";
        }
    }

    private void Saw(string what) => _seen.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {what}");

    private string Describe()
    {
        var text = new StringBuilder(string.Join('\n', _seen)).AppendLine();
        if (_serving is { IsFaulted: true })
        {
            text.AppendLine($"the kubelet stand-in failed: {_serving.Exception}");
        }

        foreach (var pod in _kubelet?.Containers.Keys ?? [])
        {
            text.AppendLine($"--- container of {pod}:").AppendLine(_kubelet!.LogsAsync(pod).GetAwaiter().GetResult());
        }

        return text.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
