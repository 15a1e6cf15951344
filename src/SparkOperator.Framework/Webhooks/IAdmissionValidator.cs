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
    AdmissionResult Validate(TEntity entity, TEntity? oldEntity, AdmissionOperation operation, bool dryRun);
}
