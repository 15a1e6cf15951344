using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Controllers;

/// <summary>
/// Brings the world in line with one custom resource. Guarantees: the framework never runs two
/// reconciles of the same object at once; the entity passed in is a private copy of the newest
/// object in the cache (not the event that woke the controller), free to modify; a thrown
/// exception (the unexpected: a refused write, a timeout) requeues the object with per-object
/// exponential backoff; a permanent error that only a change to the object can fix is returned as
/// <see cref="ReconcileResult.Terminal"/>, reported once as a Warning Event and not retried;
/// objects being deleted go to the finalizers, not here.
/// Reconcile must be idempotent: it may run any number of times for the same state.
/// </summary>
/// <typeparam name="TEntity">The custom resource type.</typeparam>
public interface IEntityController<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Makes the children and the status match <paramref name="entity"/>.</summary>
    /// <returns>Done, when to look again even if nothing changes, or a terminal error.</returns>
    Task<ReconcileResult> ReconcileAsync(TEntity entity, CancellationToken cancellationToken);

    /// <summary>
    /// Called once the object is gone from the API server, for bookkeeping only: by then its
    /// finalizers have run. Not called for deletions missed while the operator was down.
    /// </summary>
    Task DeletedAsync(TEntity entity, CancellationToken cancellationToken) => Task.CompletedTask;
}
