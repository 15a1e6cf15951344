using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Client;

/// <summary>Builds owner references that make the garbage collector delete children with their owner.</summary>
public static class OwnerReferences
{
    /// <summary>
    /// A controller reference to <paramref name="owner"/> (<c>controller: true</c>,
    /// <c>blockOwnerDeletion: true</c>): the child is deleted with the owner, and changes to the
    /// child wake the owner's controller. The owner must have a UID (i.e. be read from the API).
    /// </summary>
    public static V1OwnerReference ControllerReference(this IKubernetesObject<V1ObjectMeta> owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (string.IsNullOrEmpty(owner.Metadata?.Uid))
        {
            throw new ArgumentException("The owner has no UID; read it from the API server first.", nameof(owner));
        }

        return new V1OwnerReference
        {
            ApiVersion = owner.ApiVersion,
            Kind = owner.Kind,
            Name = owner.Metadata.Name,
            Uid = owner.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }
}
