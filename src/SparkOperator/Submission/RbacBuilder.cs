using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Submission;

/// <summary>
/// The identity of spark-submit and the driver: one ServiceAccount per application, bound to a
/// Role in its namespace that covers only what Spark 4.1 does there.
/// </summary>
internal static class RbacBuilder
{
    /// <summary>
    /// spark-submit creates the driver pod, then server-side applies (patch) the driver's
    /// ConfigMap and Service with an ownerReference to it, and gets/watches the pod once.
    /// The driver creates, lists, watches, labels (patch) and deletes executor pods, their
    /// ConfigMap and on-demand PVCs, and at its end deletes them by label (deletecollection).
    /// Nothing else: no secrets, no other kinds.
    /// </summary>
    public static IReadOnlyList<V1PolicyRule> Rules { get; } =
    [
        new()
        {
            ApiGroups = [""],
            Resources = ["pods"],
            Verbs = ["create", "get", "list", "watch", "patch", "delete", "deletecollection"],
        },
        new()
        {
            ApiGroups = [""],
            Resources = ["services", "configmaps"],
            Verbs = ["create", "get", "list", "patch", "delete", "deletecollection"],
        },
        new()
        {
            ApiGroups = [""],
            Resources = ["persistentvolumeclaims"],
            Verbs = ["create", "get", "list", "patch", "delete", "deletecollection"],
        },
    ];

    public static V1ServiceAccount ServiceAccount(SparkApplication app, SubmissionOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = V1ServiceAccount.KubeKind,
        Metadata = Metadata(app, options),
    };

    public static V1Role Role(SparkApplication app, SubmissionOptions options) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = V1Role.KubeKind,
        Metadata = Metadata(app, options),
        Rules = [.. Rules],
    };

    public static V1RoleBinding RoleBinding(SparkApplication app, SubmissionOptions options)
    {
        var name = ResourceNames.ServiceAccount(app.Metadata.Name);
        return new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = V1RoleBinding.KubeKind,
            Metadata = Metadata(app, options),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = V1Role.KubeKind, Name = name },
            Subjects = [new Rbacv1Subject { Kind = V1ServiceAccount.KubeKind, Name = name, NamespaceProperty = app.Metadata.NamespaceProperty }],
        };
    }

    private static V1ObjectMeta Metadata(SparkApplication app, SubmissionOptions options) =>
        OwnedMetadata.For(
            app,
            ResourceNames.ServiceAccount(app.Metadata.Name),
            SubmissionLabels.For(app, options.OperatorName, SubmissionLabels.RbacComponent, attempt: null));
}
