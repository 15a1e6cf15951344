using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using SparkOperator.Framework.Informers;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Hosting;

/// <summary>The operator host's <c>/readyz</c> and <c>/healthz</c> on the real API server.</summary>
public class HealthEndpointTests : ClusterTest
{
    private HttpClient _http = null!;

    [SetUp]
    public void CreateHttp() => _http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

    [TearDown]
    public void DisposeHttp() => _http.Dispose();

    [Test]
    public async Task Readyz_turns_200_once_the_informers_have_synced_and_healthz_is_200_meanwhile()
    {
        // The operator runs as a ServiceAccount that may not list anything yet, as after an
        // install whose RBAC has not been applied: its informers cannot sync.
        var kubeconfig = await ServiceAccountKubeconfigAsync("operator");
        await using var op = await InProcessOperator.StartAsync(Client, Namespace, Saw, new OperatorStart
        {
            Arguments = [$"--Kubernetes:Kubeconfig={kubeconfig}"],
            WaitRunning = false,
        });
        var registry = op.Host.Services.GetRequiredService<InformerRegistry>();
        await Eventually.UntilAsync(() => registry.Started && registry.All.SelectMany(i => i.Loops).Any(l => l.ConsecutiveFailures > 1), "the informers to be refused", describe: Seen);

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await StatusAsync(op, "/readyz"), Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready while the caches are empty");
            Assert.That(await StatusAsync(op, "/healthz"), Is.EqualTo(HttpStatusCode.OK), "alive: restarting would not help");
            await Task.Delay(200);
        }

        Saw("binding the operator's ClusterRole to its ServiceAccount in the namespace");
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "operator" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "spark-operator" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "operator", NamespaceProperty = Namespace }],
            },
            Namespace);

        await Eventually.UntilAsync(async () => await StatusAsync(op, "/readyz") == HttpStatusCode.OK, "/readyz to turn 200", TimeSpan.FromSeconds(60), Seen);
        Assert.That(registry.All.All(i => i.Synced.IsCompleted), Is.True, "ready means every informer synced");
        Assert.That(await StatusAsync(op, "/healthz"), Is.EqualTo(HttpStatusCode.OK));
        await op.Running.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task A_webhook_only_replica_is_ready_and_live()
    {
        await using var op = await InProcessOperator.StartAsync(Client, Namespace, Saw, new OperatorStart { Controllers = false });

        Assert.That(await StatusAsync(op, "/readyz"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(op, "/healthz"), Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpStatusCode> StatusAsync(InProcessOperator op, string path)
    {
        using var response = await _http.GetAsync(new Uri(op.HttpBaseUrl, path));
        Saw($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode;
    }

    /// <summary>A kubeconfig for a new ServiceAccount of this namespace (a bound token, no roles yet).</summary>
    private async Task<string> ServiceAccountKubeconfigAsync(string name)
    {
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, Namespace);
        var token = await Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [], ExpirationSeconds = 3600 } }, name, Namespace);
        var admin = await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(TestCluster.Kubeconfig));
        var cluster = admin.Clusters.Single().ClusterEndpoint;
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine("clusters:")
            .AppendLine($"- name: test\n  cluster:\n    server: {cluster.Server}\n    certificate-authority-data: {cluster.CertificateAuthorityData}")
            .AppendLine($"users:\n- name: {name}\n  user:\n    token: {token.Status.Token}")
            .AppendLine($"contexts:\n- name: test\n  context:\n    cluster: test\n    user: {name}\n    namespace: {Namespace}")
            .AppendLine("current-context: test")
            .ToString();
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Namespace}");
        await File.WriteAllTextAsync(path, yaml);
        OnTearDown(() =>
        {
            File.Delete(path);
            return ValueTask.CompletedTask;
        });
        return path;
    }
}
