using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks.Certificates;
using SparkOperator.Hosting;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Manifests;

namespace SparkOperator.IntegrationTests.Webhooks;

/// <summary>
/// The webhook certificate the operator makes and renews itself, on a real API server. The kit's
/// API server cannot reach Services, so the generated ValidatingWebhookConfiguration is registered
/// by URL (https://127.0.0.1:PORT/validate/sparkapplications) with no caBundle, named per test and
/// limited to the test's namespace; the certificate also covers 127.0.0.1 for that
/// (<c>Webhook:CertificateExtraNames</c>). The Secret lives in the test's namespace (POD_NAMESPACE),
/// so no test touches the shared operator namespace. Everything the API server trusts comes from
/// the operator: a webhook call that succeeds proves the caBundle it wrote.
/// </summary>
public class ManagedCertificateTests : SparkApplicationTest
{
    private string ConfigurationName => $"certs-{Namespace}";

    private string ServiceHost => $"{OperatorDefaults.WebhookServiceName}.{Namespace}.svc";

    [Test]
    public async Task Started_without_a_Secret_the_operator_makes_one_the_API_server_trusts()
    {
        var port = FreePort();
        await RegisterAsync(port);
        await StartAsync("operator", port);

        var secret = await WaitForValidSecretAsync();
        Assert.That(secret.Type, Is.EqualTo("kubernetes.io/tls"));
        Assert.That(secret.Data.Keys, Is.EquivalentTo(new[] { "tls.crt", "tls.key", "ca.crt" }));
        var caBundle = await WaitForTrustAsync(port);
        var served = await ServedCertificate.FetchAsync(port, ServiceHost);
        Assert.That(ServedCertificate.Problem(served, caBundle, ServiceHost), Is.Null, "the caBundle verifies the served certificate for the Service's name");
        Assert.That(served.RawData, Is.EqualTo(X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(secret.Data["tls.crt"])).RawData));

        // Through the API server: it calls the webhook over TLS with the caBundle the operator wrote.
        await DryRunCreateAsync(TestManifests.SparkPi("admitted"));
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => DryRunCreateAsync(TestManifests.SparkPi("denied", spec: s => s["volumes"] = new JsonArray(new JsonObject { ["name"] = "Not_A_Name", ["emptyDir"] = new JsonObject() }))));
        Assert.That(denied!.Response.Content, Does.Contain("denied the request").And.Contain("is not a valid volume name"));
    }

    [Test]
    public async Task A_rotation_replaces_CA_and_certificate_without_one_failed_review()
    {
        // 20 s lifetimes: renewed in their last quarter, so a rotation every 15 s or so.
        var port = FreePort();
        await RegisterAsync(port);
        await StartAsync("operator", port, "--Webhook:CaLifetime=00:00:20", "--Webhook:CertificateLifetime=00:00:20");
        var first = await WaitForValidSecretAsync();
        await WaitForTrustAsync(port);
        var firstServed = await ServedCertificate.FetchAsync(port, ServiceHost);

        var (reviews, failures) = (0, new List<string>());
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await DryRunCreateAsync(TestManifests.SparkPi($"load-{reviews}"));
                }
                catch (HttpOperationException e)
                {
                    failures.Add($"{clock.Elapsed.TotalSeconds:0.0}s {e.Response.StatusCode}: {e.Response.Content}");
                }

                reviews++;
                var next = TimeSpan.FromMilliseconds(100 * reviews) - clock.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next, CancellationToken.None);
                }
            }
        });

        var rotated = await Eventually.ValueAsync(
            async () => await Client.CoreV1.ReadNamespacedSecretAsync(OperatorDefaults.WebhookCertificateSecret, Namespace),
            s => !s.Data["ca.crt"].AsSpan().SequenceEqual(first.Data["ca.crt"]) && !s.Data["tls.crt"].AsSpan().SequenceEqual(first.Data["tls.crt"]),
            "the Secret to hold a new CA and certificate",
            TimeSpan.FromSeconds(40));
        Saw("Secret rotated");
        var newCertificate = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(rotated.Data["tls.crt"]));
        await Eventually.UntilAsync(
            async () => (await ServedCertificate.FetchAsync(port, ServiceHost)).Thumbprint != firstServed.Thumbprint,
            "the webhook to serve a new certificate",
            TimeSpan.FromSeconds(20));

        // Keep the load on past the swap (and into the next rotation's start), then stop.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await loop;
        Saw($"{reviews} reviews, {failures.Count} failed");
        TestContext.Out.WriteLine($"{reviews} dry-run creates through the API server during the rotation, {failures.Count} failed");
        Assert.That(failures, Is.Empty, $"of {reviews} reviews");
        Assert.That(reviews, Is.GreaterThan(50));
        Assert.That(newCertificate.Thumbprint, Is.Not.EqualTo(firstServed.Thumbprint));
    }

    [Test]
    public async Task Two_operators_started_together_leave_one_Secret_and_one_CA()
    {
        var port = FreePort();
        var other = FreePort();
        await RegisterAsync(port);
        var elected = new OperatorStart { LeaderElection = true };
        await Task.WhenAll(StartAsync("first", port, elected), StartAsync("second", other, elected));

        var secret = await WaitForValidSecretAsync();
        var caBundle = await WaitForTrustAsync(port);

        // A few check intervals later nothing has moved: no second writer made a second CA.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var later = await Client.CoreV1.ReadNamespacedSecretAsync(OperatorDefaults.WebhookCertificateSecret, Namespace);
        Assert.That(later.Metadata.ResourceVersion, Is.EqualTo(secret.Metadata.ResourceVersion), "the Secret was written once");
        var configuration = await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(ConfigurationName);
        Assert.That(configuration.Webhooks.Select(w => CaBundle.Parse(w.ClientConfig.CaBundle).Count), Has.All.EqualTo(1), "one CA in every webhook's caBundle");
        var secrets = await Client.CoreV1.ListNamespacedSecretAsync(Namespace);
        Assert.That(secrets.Items.Select(s => s.Metadata.Name), Is.EqualTo(new[] { OperatorDefaults.WebhookCertificateSecret }));

        // Both replicas serve that certificate, the one the leader did not write included.
        foreach (var p in new[] { port, other })
        {
            await Eventually.UntilAsync(
                async () => ServedCertificate.Problem(await ServedCertificate.FetchAsync(p, ServiceHost), caBundle, ServiceHost) is null,
                $"the replica on port {p} to serve the trusted certificate");
        }
    }

    [Test]
    public async Task A_hand_edited_caBundle_is_repaired_within_one_check_interval()
    {
        var interval = TimeSpan.FromSeconds(2);
        var port = FreePort();
        await RegisterAsync(port);
        await StartAsync("operator", port, $"--Webhook:RotationCheckInterval={interval}");
        var secret = await WaitForValidSecretAsync();
        await WaitForTrustAsync(port);

        using var stranger = SparkOperator.Framework.Webhooks.DevelopmentCertificateAuthority.Create(["stranger"]);
        var patch = new JsonArray(new JsonObject
        {
            ["op"] = "replace",
            ["path"] = "/webhooks/0/clientConfig/caBundle",
            ["value"] = stranger.CaBundle,
        });
        await Client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), ConfigurationName);
        var clock = Stopwatch.StartNew();
        Saw("caBundle replaced by hand");
        var ca = System.Text.Encoding.ASCII.GetString(secret.Data["ca.crt"]);
        await Eventually.UntilAsync(
            async () => CaBundle.Contains((await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(ConfigurationName)).Webhooks[0].ClientConfig.CaBundle, ca),
            "the caBundle to hold the Secret's CA again",
            interval + TimeSpan.FromSeconds(1));
        Saw($"repaired after {clock.Elapsed.TotalSeconds:0.0}s");
        var unchanged = await Client.CoreV1.ReadNamespacedSecretAsync(OperatorDefaults.WebhookCertificateSecret, Namespace);
        Assert.That(unchanged.Metadata.ResourceVersion, Is.EqualTo(secret.Metadata.ResourceVersion), "a repair leaves the valid Secret alone");
        await DryRunCreateAsync(TestManifests.SparkPi("admitted"));
    }

    [Test]
    public async Task Without_management_the_replica_is_not_ready_until_someone_writes_the_Secret()
    {
        // As with cert-manager: the operator only reads the Secret. The pod starts regardless.
        var port = FreePort();
        await RegisterAsync(port);
        var op = await StartAsync("operator", port, "--Webhook:ManageCertificate=false");
        var http = op.Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Single(a => a.Scheme == "http");
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http.Port}") };
        using (var notReady = await probe.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.That(notReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "no certificate yet");
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(
            (await Client.CoreV1.ListNamespacedSecretAsync(Namespace, fieldSelector: $"metadata.name={OperatorDefaults.WebhookCertificateSecret}")).Items,
            Is.Empty,
            "nothing made the Secret");

        var bundle = CertificateIssuer.Issue([.. WebhookServer.ServiceDnsNamesIn(Namespace), "127.0.0.1"], CertificateLifetimes.Default, DateTimeOffset.UtcNow);
        await Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = OperatorDefaults.WebhookCertificateSecret }, Type = "kubernetes.io/tls", Data = bundle.ToSecretData() },
            Namespace);
        await Eventually.UntilAsync(
            async () => (await probe.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode,
            "the replica to be ready once the Secret exists");
        var served = await ServedCertificate.FetchAsync(port, ServiceHost);
        Assert.That(ServedCertificate.Problem(served, System.Text.Encoding.ASCII.GetBytes(bundle.CaPem), ServiceHost), Is.Null);
        var configuration = await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(ConfigurationName);
        Assert.That(configuration.Webhooks.Select(w => w.ClientConfig.CaBundle), Has.All.Null, "the caBundle is not the operator's to write");
    }

    /// <summary>Starts an operator whose certificate Secret and webhook configuration are this test's.</summary>
    private Task<InProcessOperator> StartAsync(string identity, int port, params string[] arguments) =>
        StartAsync(identity, port, new OperatorStart(), arguments);

    private Task<InProcessOperator> StartAsync(string identity, int port, OperatorStart start, params string[] arguments) =>
        StartOperatorAsync(start with
        {
            Identity = identity,
            Arguments =
            [
                "--Webhook:DevelopmentCertificate=false",
                $"--Webhook:Port={port}",
                $"--POD_NAMESPACE={Namespace}",
                $"--Webhook:ConfigurationName={ConfigurationName}",
                "--Webhook:CertificateExtraNames=127.0.0.1",
                "--Webhook:RotationCheckInterval=00:00:01",
                "--Webhook:CertificateReloadInterval=00:00:01",
                .. arguments,
            ],
        });

    /// <summary>The generated configuration by URL at <paramref name="port"/>, with no caBundle: the operator's to fill.</summary>
    private async Task RegisterAsync(int port)
    {
        var configuration = WebhookManifests.BuildValidatingConfiguration(WebhookManifests.UrlClientConfig(new Uri($"https://127.0.0.1:{port}"), []));
        configuration.Metadata.Name = ConfigurationName;
        foreach (var webhook in configuration.Webhooks)
        {
            webhook.ClientConfig.CaBundle = null;
            webhook.NamespaceSelector = new V1LabelSelector
            {
                MatchExpressions = [new V1LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", OperatorProperty = "In", Values = [Namespace] }],
            };
        }

        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration);
        OnTearDown(async () => await Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(ConfigurationName));
        Saw($"webhook {ConfigurationName} registered at port {port} without a caBundle");
        await GrantGeneratedCertificateRbacAsync();
    }

    /// <summary>
    /// The operator runs as its generated ServiceAccount, whose certificate rights name the Secret in
    /// the operator's namespace and the generated configuration. The generated Role, its binding and
    /// the webhook ClusterRole are applied as written but for the namespace and the configuration's name.
    /// </summary>
    private async Task GrantGeneratedCertificateRbacAsync()
    {
        T Read<T>(string file) => KubernetesYaml.Deserialize<T>(File.ReadAllText(RepositoryFiles.Path("config", "rbac", file)));
        var role = Read<V1Role>("webhook_certificate_role.yaml");
        var roleBinding = Read<V1RoleBinding>("webhook_certificate_role_binding.yaml");
        role.Metadata.NamespaceProperty = Namespace;
        roleBinding.Metadata.NamespaceProperty = Namespace;
        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, Namespace);
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(roleBinding, Namespace);

        var clusterRole = Read<V1ClusterRole>("webhook_role.yaml");
        var clusterBinding = Read<V1ClusterRoleBinding>("webhook_role_binding.yaml");
        clusterRole.Metadata.Name = ConfigurationName;
        foreach (var rule in clusterRole.Rules)
        {
            rule.ResourceNames = [ConfigurationName];
        }

        clusterBinding.Metadata.Name = ConfigurationName;
        clusterBinding.RoleRef.Name = ConfigurationName;
        await Client.RbacAuthorizationV1.CreateClusterRoleAsync(clusterRole);
        OnTearDown(async () => await Client.RbacAuthorizationV1.DeleteClusterRoleAsync(ConfigurationName));
        await Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(clusterBinding);
        OnTearDown(async () => await Client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(ConfigurationName));
        Saw($"generated certificate RBAC granted for {Namespace} and {ConfigurationName}");
    }

    private async Task<V1Secret> WaitForValidSecretAsync()
    {
        var names = WebhookServer.ServiceDnsNamesIn(Namespace).Append("127.0.0.1").ToList();
        var secret = await Eventually.ValueAsync(
            async () => await Client.CoreV1.ReadNamespacedSecretAsync(OperatorDefaults.WebhookCertificateSecret, Namespace),
            s => CertificateInspection.Inspect(s.Data, names, CertificateLifetimes.Default with { RenewBefore = TimeSpan.Zero }, DateTimeOffset.UtcNow).Status == CertificateStatus.Valid,
            "the operator to write a valid certificate Secret",
            TimeSpan.FromSeconds(30));
        Saw($"Secret {secret.Metadata.Name} valid at resourceVersion {secret.Metadata.ResourceVersion}");
        return secret;
    }

    /// <summary>Waits until the caBundle verifies what the webhook serves, and the API server calls it; returns the caBundle.</summary>
    private async Task<byte[]> WaitForTrustAsync(int port)
    {
        byte[]? caBundle = null;
        var problem = string.Empty;
        await Eventually.UntilAsync(
            async () =>
            {
                caBundle = (await Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(ConfigurationName)).Webhooks[0].ClientConfig.CaBundle;
                problem = ServedCertificate.Problem(await ServedCertificate.FetchAsync(port, ServiceHost), caBundle, ServiceHost) ?? string.Empty;
                return problem.Length == 0;
            },
            "the caBundle to trust the served certificate",
            TimeSpan.FromSeconds(30),
            () => problem);

        // The API server learns of the caBundle through its own watch.
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    await DryRunCreateAsync(TestManifests.SparkPi("probe"));
                    return true;
                }
                catch (HttpOperationException e)
                {
                    problem = e.Response.Content;
                    return false;
                }
            },
            "the API server to call the webhook",
            TimeSpan.FromSeconds(30),
            () => problem);
        return caBundle!;
    }

    private Task<object> DryRunCreateAsync(JsonObject app) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(app, SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, dryRun: "All");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
