using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Controllers;

/// <summary>
/// Cleans up what owner references cannot reach before an object is deleted. The framework adds
/// the finalizer before the first reconcile and removes it (a JSON patch with a <c>test</c> op)
/// only after <see cref="FinalizeAsync"/> returns without throwing; a throw retries with backoff.
/// Must be idempotent: it can run again after a crash between cleanup and removal.
/// </summary>
/// <typeparam name="TEntity">The custom resource type.</typeparam>
public interface IEntityFinalizer<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Releases everything the object holds; returns when it is released.</summary>
    Task FinalizeAsync(TEntity entity, CancellationToken cancellationToken);
}
