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
    /// Deletes the application's pods (all attempts: submit, driver and executor pods) that would
    /// otherwise outlive it, and returns how many are still there afterwards. A finished pod that
    /// the application (or its driver) owns is left to the garbage collector, so deleting a
    /// finished application costs no pod writes and is immediate.
    /// </summary>
    public static async Task<int> DeleteLivePodsAsync(IKubernetes client, SparkApplication app, string operatorName, CancellationToken cancellationToken)
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
            var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
            if (!pods.Items.Any(p => MustGoFirst(p, app, pods.Items)))
            {
                continue;
            }

            await client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
            var after = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
            remaining += after.Items.Count(p => MustGoFirst(p, app, after.Items));
        }

        return remaining;
    }

    /// <summary>A pod still running, or one the garbage collector would not reach from the application.</summary>
    private static bool MustGoFirst(V1Pod pod, SparkApplication app, IEnumerable<V1Pod> siblings)
    {
        var finished = pod.Status?.Phase is "Succeeded" or "Failed";
        return !finished || !OwnedByApplication(pod, app, siblings);
    }

    private static bool OwnedByApplication(V1Pod pod, SparkApplication app, IEnumerable<V1Pod> siblings)
    {
        var owner = pod.GetController();
        if (owner is null)
        {
            return false;
        }

        if (owner.Uid == app.Metadata.Uid)
        {
            return true;
        }

        // Executors are owned by their driver; submit pods by their Job, which the application owns.
        return owner.Kind is "Job" || siblings.Any(s => s.Metadata.Uid == owner.Uid && s.GetController()?.Uid == app.Metadata.Uid);
    }
}
