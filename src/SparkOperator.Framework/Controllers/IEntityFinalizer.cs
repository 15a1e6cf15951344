using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Controllers;

/// <summary>
/// Cleans up what owner references cannot reach before an object is deleted. The framework adds
/// the finalizer before the first reconcile and removes it (a JSON patch with a <c>test</c> op)
/// only after <see cref="FinalizeAsync"/> returns <see cref="FinalizerResult.Done"/>;
/// <see cref="FinalizerResult.RetryAfter"/> keeps it and runs the finalizer again after the delay,
/// or sooner if the object changes (cleanup still under way, e.g. pods terminating); a throw is
/// unexpected and retries with backoff. Finalizers of one object run in registration order, each once the one before is done.
/// Must be idempotent: it can run again after a crash between cleanup and removal.
/// </summary>
/// <typeparam name="TEntity">The custom resource type.</typeparam>
public interface IEntityFinalizer<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Releases everything the object holds, or starts to and says when to look again.</summary>
    /// <returns>Done once it is all released; RetryAfter while it is still going.</returns>
    Task<FinalizerResult> FinalizeAsync(TEntity entity, CancellationToken cancellationToken);
}
