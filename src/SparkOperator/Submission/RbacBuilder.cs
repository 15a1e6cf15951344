using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Submission;

/// <summary>
/// The identity of spark-submit and the driver: one ServiceAccount per application, bound in its
/// namespace to the one generated ClusterRole (<see cref="SubmissionOptions.DriverClusterRole"/>)
/// that covers only what Spark 4.1 does there. The operator holds <c>bind</c> on that ClusterRole,
/// not its rights, and creates no Roles. An application naming an existing account
/// (driver.serviceAccountName) gets neither: that account's rights are its admin's to grant.
/// </summary>
internal static class RbacBuilder
{
    /// <summary>
    /// Verified with real spark-submit 4.1.1 (waitAppCompletion=false): it creates the driver pod,
    /// then server-side applies the driver's ConfigMaps and Service (apply of a new object needs
    /// create and patch) and deletes the driver pod if that fails. It needs no get/watch.
    /// From Spark 4.1's KubernetesClusterSchedulerBackend and ExecutorPodsAllocator, the driver
    /// gets its own pod, creates, lists, watches, labels (patch) and deletes executor pods,
    /// creates the executor ConfigMap and on-demand PVCs (listing them for reuse), and at its
    /// end deletes services, PVCs, ConfigMaps and executors by label (deletecollection).
    /// Nothing else: no secrets, no other kinds, no other namespaces.
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
            Resources = ["configmaps", "services"],
            Verbs = ["create", "patch", "delete", "deletecollection"],
        },
        new()
        {
            ApiGroups = [""],
            Resources = ["persistentvolumeclaims"],
            Verbs = ["create", "list", "patch", "delete", "deletecollection"],
        },
    ];

    /// <summary>The account the submit pod, the driver and the executors run as: driver.serviceAccountName, else the one the operator makes.</summary>
    public static string AccountName(SparkApplication app) =>
        NamedAccount(app) ?? ResourceNames.ServiceAccount(app.Metadata.Name);

    /// <summary>driver.serviceAccountName when set: an existing account the operator neither makes nor binds.</summary>
    public static string? NamedAccount(SparkApplication app) =>
        app.Spec.Driver?.ServiceAccountName is { Length: > 0 } named ? named : null;

    /// <summary>The account the operator makes, with spec.serviceAccount's metadata; null when the application names one.</summary>
    public static V1ServiceAccount? ServiceAccount(SparkApplication app, SubmissionOptions options)
    {
        if (NamedAccount(app) is not null)
        {
            return null;
        }

        var metadata = Metadata(app, options);
        var wanted = app.Spec.ServiceAccount;

        // Ours last: the operator finds what it built by them, and validation refuses them anyway.
        var labels = new Dictionary<string, string>(wanted?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in metadata.Labels)
        {
            labels[key] = value;
        }

        metadata.Labels = labels;
        metadata.Annotations = wanted?.Annotations is { Count: > 0 } a ? new Dictionary<string, string>(a, StringComparer.Ordinal) : null;
        return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = V1ServiceAccount.KubeKind,
            Metadata = metadata,
        };
    }

    /// <summary>Grants the operator-made account the driver's ClusterRole; null when the application names its own account.</summary>
    public static V1RoleBinding? RoleBinding(SparkApplication app, SubmissionOptions options)
    {
        if (NamedAccount(app) is not null)
        {
            return null;
        }

        var name = ResourceNames.ServiceAccount(app.Metadata.Name);
        return new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = V1RoleBinding.KubeKind,
            Metadata = Metadata(app, options),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = V1ClusterRole.KubeKind, Name = options.DriverClusterRole },
            Subjects = [new Rbacv1Subject { Kind = V1ServiceAccount.KubeKind, Name = name, NamespaceProperty = app.Metadata.NamespaceProperty }],
        };
    }

    private static V1ObjectMeta Metadata(SparkApplication app, SubmissionOptions options) =>
        OwnedMetadata.For(
            app,
            ResourceNames.ServiceAccount(app.Metadata.Name),
            SubmissionLabels.For(app, options.OperatorName, SubmissionLabels.RbacComponent, attempt: null));
}
