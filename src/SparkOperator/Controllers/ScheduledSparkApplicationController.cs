using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Informers;
using SparkOperator.Scheduling;
using SparkOperator.Validation;

namespace SparkOperator.Controllers;

/// <summary>
/// Carries out the <see cref="SchedulePlanner"/>'s plan for one scheduled application: deletes the
/// runs Replace replaces, creates the tick's run (a create, so a second process creating the same
/// tick's run gets 409 and the tick is done), deletes finished runs beyond the history limits, then
/// writes the status from the cached resourceVersion (a stale decision gets 409 and is retried).
/// </summary>
internal sealed partial class ScheduledSparkApplicationController(
    IKubernetes client,
    CustomResourceClient<ScheduledSparkApplication> scheduled,
    CustomResourceClient<SparkApplication> apps,
    IResourceStore<SparkApplication> runs,
    IEventRecorder events,
    ScheduledSparkApplicationAdmissionValidator validator,
    StatusWriteLedger ledger,
    ScheduleClock clock,
    ILogger<ScheduledSparkApplicationController> logger) : IEntityController<ScheduledSparkApplication>
{
    private static readonly TimeSpan StaleCacheRecheck = TimeSpan.FromSeconds(2);

    public async Task<ReconcileResult> ReconcileAsync(ScheduledSparkApplication entity, CancellationToken cancellationToken)
    {
        if (ledger.IsBehind(entity.Metadata.Uid, entity.Metadata.ResourceVersion))
        {
            return ReconcileResult.Requeue(StaleCacheRecheck);
        }

        var now = clock.UtcNow;

        // The webhook's rules again: an object stored without them must not create runs.
        var problems = validator.ValidateSpec(entity, cancellationToken);
        if (problems.Count > 0 || !CronSchedule.TryParse(entity.Spec.Schedule, entity.Spec.TimeZone, out var schedule, out _))
        {
            var message = $"the spec is invalid, no run is created: {string.Join("; ", problems)}";
            await WriteStatusAsync(entity, SchedulePlanner.Stopped(entity, "InvalidSpec", message, now), cancellationToken);
            return ReconcileResult.Terminal("InvalidSpec", message);
        }

        var owned = runs.ListByOwner(entity.Metadata.Uid);
        var plan = SchedulePlanner.Plan(entity, schedule!, [.. owned.Select(ObservedRun.Of)], now);
        foreach (var name in plan.DeleteActive.Concat(plan.Trim))
        {
            await DeleteRunAsync(owned.First(r => r.Metadata.Name == name), cancellationToken);
        }

        events.Post(entity, plan.DeletionEvents);

        if (plan.CreateFor is { } tick && await CreateRunAsync(entity, tick, cancellationToken) is { } taken)
        {
            await WriteStatusAsync(entity, SchedulePlanner.Stopped(entity, "NameTaken", taken, now), cancellationToken);
            return ReconcileResult.Terminal("NameTaken", taken);
        }

        await WriteStatusAsync(entity, plan.Status, cancellationToken);
        events.Post(entity, plan.Events);
        return plan.RequeueAfter is { } delay ? ReconcileResult.Requeue(delay) : ReconcileResult.Done;
    }

    /// <summary>Creates the tick's run; null when it exists now (made here or before), else why it cannot.</summary>
    private async Task<string?> CreateRunAsync(ScheduledSparkApplication entity, DateTime tick, CancellationToken cancellationToken)
    {
        var run = RunBuilder.Build(entity, tick);
        var ns = entity.Metadata.NamespaceProperty;
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                run, SparkApplication.GroupName, SparkApplication.Version, ns, SparkApplication.Plural, fieldManager: apps.FieldManager, cancellationToken: cancellationToken);
            logger.LogInformation("{Namespace}/{Name}: created run {Run} for the tick at {Tick:u}", ns, entity.Metadata.Name, run.Metadata.Name, tick);
            events.Post(entity, [SchedulePlanner.CreatedEvent(run.Metadata.Name, tick)]);
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another process (an earlier leader, or this one before a lost status write) made it.
            var existing = await apps.GetAsync(ns, run.Metadata.Name, cancellationToken)
                ?? throw new InvalidOperationException($"{run.Metadata.Name} was refused as existing and is gone now; the tick is tried again");
            if (existing.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == entity.Metadata.Uid) == true)
            {
                logger.LogInformation("{Namespace}/{Name}: run {Run} for the tick at {Tick:u} exists already", ns, entity.Metadata.Name, run.Metadata.Name, tick);
                return null;
            }

            return $"the run's name {run.Metadata.Name} is taken by a SparkApplication this ScheduledSparkApplication does not own; delete or rename it";
        }
    }

    private async Task DeleteRunAsync(SparkApplication run, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                SparkApplication.GroupName,
                SparkApplication.Version,
                run.Metadata.NamespaceProperty,
                SparkApplication.Plural,
                run.Metadata.Name,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = run.Metadata.Uid } },
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or a new object of that name that is not the one decided on.
        }
    }

    private async Task WriteStatusAsync(ScheduledSparkApplication entity, ScheduledSparkApplicationStatus status, CancellationToken cancellationToken)
    {
        if (ConditionalStatus.Change(entity.Status, status) is { } change)
        {
            await scheduled.PatchStatusAsync(entity.Metadata.NamespaceProperty, entity.Metadata.Name, ConditionalStatus.Patch(entity.Metadata.ResourceVersion, change), cancellationToken);
            ledger.Written(entity.Metadata.Uid, entity.Metadata.ResourceVersion);
        }
    }
}
