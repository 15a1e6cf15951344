using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Lifecycle;
using SparkOperator.Submission;

namespace SparkOperator.Controllers;

/// <summary>
/// Deletes pods Spark created for an application. Spark creates the driver (from our template,
/// so with our labels) and the driver creates executors (ours by template, or at least carrying
/// Spark's spark-app-selector); owner references do not reach them from the SparkApplication.
/// </summary>
internal static class PodCleanup
{
    /// <summary>Deletes the driver and executor pods of one attempt.</summary>
    public static async Task DeleteAttemptPodsAsync(IKubernetes client, SparkApplication app, int attempt, string operatorName, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        foreach (var component in new[] { SubmissionLabels.DriverComponent, SubmissionLabels.ExecutorComponent })
        {
            await client.CoreV1.DeleteCollectionNamespacedPodAsync(
                ns,
                labelSelector: SubmissionLabels.Selector(app.Metadata.Name, operatorName, component, attempt),
                cancellationToken: cancellationToken);
        }

        if (app.Status?.SparkApplicationId is { Length: > 0 } id)
        {
            await client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: $"{PodInspection.SparkAppSelectorLabel}={id}", cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Deletes every pod of the application (all attempts, submit, driver and executor pods),
    /// and returns how many are still there (being deleted) afterwards.
    /// </summary>
    public static async Task<int> DeleteAllPodsAsync(IKubernetes client, SparkApplication app, string operatorName, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        var selectors = new List<string> { SubmissionLabels.ApplicationSelector(app.Metadata.Name, operatorName) };
        if (app.Status?.SparkApplicationId is { Length: > 0 } id)
        {
            selectors.Add($"{PodInspection.SparkAppSelectorLabel}={id}");
        }

        var remaining = 0;
        foreach (var selector in selectors)
        {
            var existing = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
            if (existing.Items.Count == 0)
            {
                continue;
            }

            await client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
            var after = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
            remaining += after.Items.Count;
        }

        return remaining;
    }
}
