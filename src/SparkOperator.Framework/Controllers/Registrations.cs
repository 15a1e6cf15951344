using k8s;
using k8s.Models;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Framework.Controllers;

/// <summary>A finalizer registered for <typeparamref name="TEntity"/> under <see cref="Name"/>.</summary>
internal sealed record FinalizerRegistration<TEntity>(string Name, Type FinalizerType);

/// <summary>What a controller watches besides its primary kind.</summary>
internal sealed class ControllerRegistration<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public required Type ControllerType { get; init; }

    public List<Action<InformerRegistry, Action<ObjectKey>>> ChildWatches { get; } = [];
}

/// <summary>
/// Maps a child's changes to its owner's key: by a controller ownerReference of the owner's kind,
/// and/or by a mapping function (children created by others, e.g. Spark's driver pods, carry the
/// owner's labels but no ownerReference). Every change of the child enqueues, status included.
/// </summary>
internal static class ChildMapping
{
    public static IEnumerable<ObjectKey> Owners<TEntity, TChild>(TChild child, Func<TChild, ObjectKey?>? map)
        where TEntity : IKubernetesObject<V1ObjectMeta>
        where TChild : IKubernetesObject<V1ObjectMeta>
    {
        var meta = typeof(TEntity).GetKubernetesTypeMetadata();
        var apiVersion = string.IsNullOrEmpty(meta.Group) ? meta.ApiVersion : $"{meta.Group}/{meta.ApiVersion}";
        var owner = child.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (owner is not null && owner.Kind == meta.Kind && owner.ApiVersion == apiVersion)
        {
            yield return new ObjectKey(child.Metadata!.NamespaceProperty ?? string.Empty, owner.Name);
        }

        if (map?.Invoke(child) is { } mapped)
        {
            yield return mapped;
        }
    }
}
