using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Events;

/// <summary>
/// Just what an Event's <c>involvedObject</c> is made of (apiVersion, kind, name, namespace, uid,
/// resourceVersion), for objects the framework has no typed copy of: one it could not decode, or
/// a snapshot taken before a controller changed its own copy.
/// </summary>
internal sealed class InvolvedObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The identity of <paramref name="obj"/>; apiVersion and kind default to its type's when unset.</summary>
    public static InvolvedObject Of<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = typeof(T).GetKubernetesTypeMetadata();
        return new InvolvedObject
        {
            ApiVersion = string.IsNullOrEmpty(obj.ApiVersion) ? (string.IsNullOrEmpty(type.Group) ? type.ApiVersion : $"{type.Group}/{type.ApiVersion}") : obj.ApiVersion,
            Kind = string.IsNullOrEmpty(obj.Kind) ? type.Kind : obj.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = obj.Metadata?.Name,
                NamespaceProperty = obj.Metadata?.NamespaceProperty,
                Uid = obj.Metadata?.Uid,
                ResourceVersion = obj.Metadata?.ResourceVersion,
            },
        };
    }
}
