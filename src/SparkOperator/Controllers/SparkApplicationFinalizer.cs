using k8s;
using SparkOperator.Entities;
using SparkOperator.Framework.Controllers;
using SparkOperator.Submission;

namespace SparkOperator.Controllers;

/// <summary>
/// Before a SparkApplication goes, its driver and executor pods go: Spark creates them, so the
/// application's owner references (which remove its ServiceAccount, Role, RoleBinding, ConfigMaps
/// and Jobs) do not reach them. The finalizer is released only once no such pod is left; while
/// some are still terminating it asks to be run again shortly.
/// </summary>
internal sealed class SparkApplicationFinalizer(IKubernetes client, SubmissionOptions submission, StatusWriteLedger ledger, ILogger<SparkApplicationFinalizer> logger)
    : IEntityFinalizer<SparkApplication>
{
    public async Task<FinalizerResult> FinalizeAsync(SparkApplication entity, CancellationToken cancellationToken)
    {
        var remaining = await PodCleanup.DeleteLivePodsAsync(client, entity, submission.OperatorName, cancellationToken);
        if (remaining > 0)
        {
            logger.LogInformation(
                "Waiting for {Count} pods of {Namespace}/{Name} to terminate",
                remaining,
                entity.Metadata.NamespaceProperty,
                entity.Metadata.Name);
            return FinalizerResult.RetryAfter(TimeSpan.FromSeconds(2));
        }

        ledger.Forget(entity.Metadata.Uid);
        return FinalizerResult.Done;
    }
}
