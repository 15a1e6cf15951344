using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;

namespace SparkOperator.Submission;

/// <summary>Metadata of an object the application owns: namespace, labels, controller ownerReference.</summary>
internal static class OwnedMetadata
{
    public static V1ObjectMeta For(SparkApplication app, string name, IDictionary<string, string> labels) => new()
    {
        Name = name,
        NamespaceProperty = app.Metadata.NamespaceProperty,
        Labels = labels,
        OwnerReferences = [OwnerReference(app)],
    };

    /// <summary>
    /// Controller reference to the application, so Kubernetes deletes what we built with it and
    /// blockOwnerDeletion keeps foreground deletion honest.
    /// </summary>
    public static V1OwnerReference OwnerReference(SparkApplication app) => app.ControllerReference();
}
