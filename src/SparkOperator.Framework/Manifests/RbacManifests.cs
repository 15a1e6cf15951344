using k8s.Models;
using SparkOperator.Framework.Rbac;

namespace SparkOperator.Framework.Manifests;

/// <summary>Builders for an operator's identity and permissions: ServiceAccount, roles and their bindings.</summary>
public static class RbacManifests
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    /// <summary>The ServiceAccount the operator runs as.</summary>
    public static V1ServiceAccount ServiceAccount(string name, string @namespace) => new()
    {
        ApiVersion = "v1",
        Kind = V1ServiceAccount.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
    };

    /// <summary>A ClusterRole with the given rules (e.g. from <see cref="RbacRules"/>).</summary>
    public static V1ClusterRole ClusterRole(string name, IEnumerable<V1PolicyRule> rules) => new()
    {
        ApiVersion = $"{RbacGroup}/v1",
        Kind = V1ClusterRole.KubeKind,
        Metadata = new V1ObjectMeta { Name = name },
        Rules = [.. rules],
    };

    /// <summary>Binds a ClusterRole to a ServiceAccount across the cluster.</summary>
    public static V1ClusterRoleBinding ClusterRoleBinding(string name, string clusterRole, string serviceAccount, string @namespace) => new()
    {
        ApiVersion = $"{RbacGroup}/v1",
        Kind = V1ClusterRoleBinding.KubeKind,
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = V1ClusterRole.KubeKind, Name = clusterRole },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount, NamespaceProperty = @namespace }],
    };

    /// <summary>
    /// The Role leader election needs in the operator's namespace: get, create and update of Leases
    /// (what <c>k8s.LeaderElection.ResourceLock.LeaseLock</c> calls).
    /// </summary>
    public static V1Role LeaderElectionRole(string name, string @namespace) => new()
    {
        ApiVersion = $"{RbacGroup}/v1",
        Kind = V1Role.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Rules =
        [
            new V1PolicyRule
            {
                ApiGroups = [V1Lease.KubeGroup],
                Resources = [V1Lease.KubePluralName],
                Verbs = RbacRules.Names(RbacVerb.Get | RbacVerb.Create | RbacVerb.Update),
            },
        ],
    };

    /// <summary>A Role with the given rules in one namespace.</summary>
    public static V1Role Role(string name, string @namespace, IEnumerable<V1PolicyRule> rules) => new()
    {
        ApiVersion = $"{RbacGroup}/v1",
        Kind = V1Role.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        Rules = [.. rules],
    };

    /// <summary>Binds a Role to a ServiceAccount in one namespace.</summary>
    public static V1RoleBinding RoleBinding(string name, string @namespace, string role, string serviceAccount) => new()
    {
        ApiVersion = $"{RbacGroup}/v1",
        Kind = V1RoleBinding.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
        RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = V1Role.KubeKind, Name = role },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount, NamespaceProperty = @namespace }],
    };
}
