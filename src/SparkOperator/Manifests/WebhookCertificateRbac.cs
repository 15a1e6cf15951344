using k8s.Models;
using SparkOperator.Framework.Manifests;
using SparkOperator.Framework.Rbac;
using SparkOperator.Hosting;

namespace SparkOperator.Manifests;

/// <summary>
/// What the certificate rotator may touch: the one Secret in the operator's namespace and the one
/// ValidatingWebhookConfiguration, by name. Kept out of the operator's ClusterRole (which is
/// generated from the controller's attributes and bound per namespace in config/namespaced): the
/// Secret rights are a Role in the operator's namespace, and the webhook configuration, being
/// cluster-scoped, has a ClusterRole of its own that every install keeps.
/// </summary>
internal static class WebhookCertificateRbac
{
    public const string RoleName = OperatorDefaults.Name + "-webhook-certificate";

    /// <summary>
    /// get and update by name; create cannot be limited by name (RBAC sees no name on a create
    /// request), so it covers every Secret of the operator's namespace, and only create.
    /// </summary>
    public static V1Role Role() => RbacManifests.Role(RoleName, OperatorDefaults.Namespace,
    [
        new V1PolicyRule
        {
            ApiGroups = [""],
            Resources = ["secrets"],
            ResourceNames = [OperatorDefaults.WebhookCertificateSecret],
            Verbs = RbacRules.Names(RbacVerb.Get | RbacVerb.Update),
        },
        new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"], Verbs = RbacRules.Names(RbacVerb.Create) },
    ]);

    public static V1RoleBinding RoleBinding() =>
        RbacManifests.RoleBinding(RoleName, OperatorDefaults.Namespace, RoleName, OperatorDefaults.Name);

    /// <summary>get and patch of the caBundles of the operator's own ValidatingWebhookConfiguration.</summary>
    public static V1ClusterRole ClusterRole() => RbacManifests.ClusterRole(OperatorDefaults.WebhookClusterRole,
    [
        new V1PolicyRule
        {
            ApiGroups = ["admissionregistration.k8s.io"],
            Resources = ["validatingwebhookconfigurations"],
            ResourceNames = [WebhookManifests.ConfigurationName],
            Verbs = RbacRules.Names(RbacVerb.Get | RbacVerb.Patch),
        },
    ]);

    public static V1ClusterRoleBinding ClusterRoleBinding() =>
        RbacManifests.ClusterRoleBinding(OperatorDefaults.WebhookClusterRole, OperatorDefaults.WebhookClusterRole, OperatorDefaults.Name, OperatorDefaults.Namespace);
}
