using k8s;
using k8s.Models;
using SparkOperator.Hosting;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Rbac;

/// <summary>
/// What the generated ServiceAccount's token cannot do, asked of the real API server: a stolen
/// operator token is not a way to run code in kube-system, read Secrets or grant itself rights.
/// </summary>
public class OperatorTokenTests : ClusterTest
{
    private static readonly string User = ApiServerAudit.OperatorUser;

    [Test]
    public async Task The_operators_token_cannot_create_a_pod_in_kube_system_list_secrets_or_create_roles()
    {
        using var token = ServiceAccountKubeconfig.Client(await ServiceAccountKubeconfig.OperatorAsync());
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { GenerateName = "escape-" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "shell", Image = "busybox:1.36" }] },
        };
        var role = new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "everything" },
            Rules = [new V1PolicyRule { ApiGroups = ["*"], Resources = ["*"], Verbs = ["*"] }],
        };

        // The token works: it lists what the operator watches (so the refusals below are RBAC's, not authentication's).
        await token.CustomObjects.ListNamespacedCustomObjectAsync("sparkoperator.dev", "v1alpha1", Namespace, "sparkapplications");

        await Forbidden.AssertAsync("create a pod in kube-system", User, () => token.CoreV1.CreateNamespacedPodAsync(pod, "kube-system"));
        await Forbidden.AssertAsync("create a pod in a watched namespace (Spark creates them, not the operator)", User, () => token.CoreV1.CreateNamespacedPodAsync(pod, Namespace));
        await Forbidden.AssertAsync("list secrets cluster-wide", User, () => token.CoreV1.ListSecretForAllNamespacesAsync());
        await Forbidden.AssertAsync("list secrets in a watched namespace", User, () => token.CoreV1.ListNamespacedSecretAsync(Namespace));
        await Forbidden.AssertAsync("list secrets in the operator's namespace", User, () => token.CoreV1.ListNamespacedSecretAsync(OperatorDefaults.Namespace));
        await Forbidden.AssertAsync("get a secret", User, () => token.CoreV1.ReadNamespacedSecretAsync("any", Namespace));
        await Forbidden.AssertAsync("create a Role", User, () => token.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, Namespace));
        await Forbidden.AssertAsync("create a ClusterRole", User, () => token.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = $"everything-{Namespace}" }, Rules = role.Rules }));
    }

    [Test]
    public async Task The_operators_token_may_bind_the_driver_ClusterRole_and_no_other()
    {
        using var token = ServiceAccountKubeconfig.Client(await ServiceAccountKubeconfig.OperatorAsync());
        V1RoleBinding Binding(string name, string clusterRole) => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = clusterRole },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "default", NamespaceProperty = Namespace }],
        };

        // bind on spark-operator-driver lets the operator grant it without holding the driver's rights.
        await token.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("driver", OperatorDefaults.DriverClusterRole), Namespace);

        await Forbidden.AssertAsync("bind cluster-admin", User, () => token.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("admin", "cluster-admin"), Namespace));
        await Forbidden.AssertAsync("bind edit", User, () => token.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("edit", "edit"), Namespace));
    }
}
