using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Rbac;

/// <summary>
/// config/namespaced as rendered by kustomize: no cluster-wide binding, one RoleBinding per
/// watched namespace. An operator with only that RoleBinding runs applications in its namespace
/// and is refused everywhere else.
/// </summary>
public class NamespacedInstallTests : SparkApplicationTest
{
    private const string Account = "namespaced-operator";

    [Test]
    [Category("NeedsKwok")]
    public async Task The_namespaced_install_runs_an_application_in_its_namespace_and_cannot_touch_another()
    {
        TestCluster.RequireKwok();
        var rendered = TestManifests.Parse(await Kubectl.ExpectAsync(0, ["kustomize", RepositoryFiles.Path("config", "namespaced")]));
        var binding = rendered.Single(d => (string?)d["kind"] == "RoleBinding" && (string?)d["roleRef"]!["name"] == "spark-operator");
        var watched = rendered.Single(d => (string?)d["kind"] == "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
            .Single(e => (string?)e!["name"] == "WATCH_NAMESPACE")!["value"];
        Assert.Multiple(() =>
        {
            // The one cluster-wide binding lets the operator keep its own webhook's caBundle (a
            // cluster-scoped object) and reaches nothing in any namespace.
            var clusterBindings = rendered.Where(d => (string?)d["kind"] == "ClusterRoleBinding").ToList();
            Assert.That(clusterBindings.Select(d => (string?)d["roleRef"]!["name"]), Is.EqualTo(new[] { "spark-operator-webhook" }));
            var webhookRules = rendered.Single(d => (string?)d["kind"] == "ClusterRole" && (string?)d["metadata"]!["name"] == "spark-operator-webhook")["rules"]!.AsArray();
            Assert.That(webhookRules.SelectMany(r => r!["resources"]!.AsArray()).Select(r => (string?)r), Is.EqualTo(new[] { "validatingwebhookconfigurations" }));
            Assert.That(webhookRules.All(r => r!["resourceNames"] is JsonArray { Count: 1 }), Is.True, "limited to the operator's own configuration");
            Assert.That((string?)binding["roleRef"]!["kind"], Is.EqualTo("ClusterRole"));
            Assert.That((string?)binding["metadata"]!["namespace"], Is.EqualTo((string?)watched), "the RoleBinding is in the namespace the Deployment watches");
        });

        // The rendered RoleBinding, moved to this test's namespace and granting a ServiceAccount of
        // the test's own: the cluster-wide binding the set-up installed names another account.
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = Account } }, Namespace);
        binding["metadata"]!["namespace"] = Namespace;
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = Account, ["namespace"] = Namespace });
        await ApplyAsync(binding);
        var kubeconfig = await ServiceAccountKubeconfig.ForAsync(Client, Namespace, Account);

        // Leader election stays off: the leader-election Role of config/rbac names the operator's own account.
        await StartOperatorAsync(new OperatorStart { Kubeconfig = kubeconfig });
        await ApplyAsync(TestManifests.SparkPi("namespaced"));
        await WaitForPhaseAsync("namespaced", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(120));

        var other = $"{Namespace[..Math.Min(Namespace.Length, 50)]}-other";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = other } });
        OnTearDown(async () => await Client.CoreV1.DeleteNamespaceAsync(other));
        using var token = ServiceAccountKubeconfig.Client(kubeconfig);
        var user = ServiceAccountKubeconfig.UserName(Namespace, Account);
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "escape" },
            Spec = new V1JobSpec
            {
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "shell", Image = "busybox:1.36" }] },
                },
            },
        };

        // In its own namespace the same token reads pods (so the refusals below are RBAC's).
        await token.CoreV1.ListNamespacedPodAsync(Namespace);
        await Forbidden.AssertAsync("create a Job in another namespace", user, () => token.BatchV1.CreateNamespacedJobAsync(job, other));
        await Forbidden.AssertAsync("list pods in another namespace", user, () => token.CoreV1.ListNamespacedPodAsync(other));
        await Forbidden.AssertAsync("list pods cluster-wide", user, () => token.CoreV1.ListPodForAllNamespacesAsync());
    }
}
