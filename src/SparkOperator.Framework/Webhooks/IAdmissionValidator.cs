using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Decides whether the API server may store an object. Pure: no I/O, no side effects (the webhook
/// is registered with <c>sideEffects: None</c>, so <c>dryRun</c> changes nothing here), safe to call
/// concurrently. The same validator serves the webhook and offline checks of manifests.
/// </summary>
/// <typeparam name="TEntity">The validated kind.</typeparam>
public interface IAdmissionValidator<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Validates <paramref name="entity"/>; <paramref name="oldEntity"/> is the stored object on UPDATE.</summary>
    /// <param name="entity">The object to be stored.</param>
    /// <param name="oldEntity">The stored object on UPDATE, when it can be read.</param>
    /// <param name="operation">CREATE or UPDATE.</param>
    /// <param name="dryRun">True for a <c>dryRun</c> request, which is judged the same way.</param>
    /// <param name="cancellationToken">
    /// Fires when the webhook's review budget is spent or the API server has gone. Observe it between
    /// items of anything a tenant can make long (ThrowIfCancellationRequested): the webhook answers the
    /// OperationCanceledException with a denial instead of holding the request thread.
    /// </param>
    AdmissionResult Validate(TEntity entity, TEntity? oldEntity, AdmissionOperation operation, bool dryRun, CancellationToken cancellationToken);
}
