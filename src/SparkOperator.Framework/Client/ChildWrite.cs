using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Client;

/// <summary>
/// What <see cref="KubernetesApplyExtensions.CreateOrApplyAsync{T}"/> did: <see cref="Stored"/> is the
/// object as created or applied, or, when an object of that name exists that the owner does not
/// control, <see cref="Foreign"/> is that object, untouched.
/// </summary>
/// <typeparam name="T">The child's kind.</typeparam>
public sealed record ChildWrite<T>(T? Stored, T? Foreign)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>True when the name is taken by an object the owner does not control.</summary>
    public bool IsForeign => Foreign is not null;
}
