using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Runtime;

/// <summary>
/// Identifies one object of a kind: namespace (empty for cluster-scoped objects) and name.
/// It is the key of the work queue and of the stores; two keys are equal when both parts are.
/// </summary>
/// <param name="Namespace">The namespace, or an empty string for cluster-scoped objects.</param>
/// <param name="Name">The object's name.</param>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>The key of <paramref name="obj"/> (its metadata namespace and name).</summary>
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new(obj.Metadata?.NamespaceProperty ?? string.Empty, obj.Metadata?.Name ?? string.Empty);
    }

    /// <summary>Renders <c>namespace/name</c>, or <c>name</c> for cluster-scoped objects.</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
