using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Hosting;
using SparkOperator.Lifecycle;
using SparkOperator.Submission;
using SparkOperator.Telemetry;
using SparkOperator.Validation;

namespace SparkOperator.Controllers;

/// <summary>
/// The thin "make it so" layer: observes one application's attempt in the caches, asks the pure
/// <see cref="ApplicationLifecycle"/> what to do, does it, then writes the status (with the cached
/// resourceVersion as a precondition, so a decision made from a stale cache is refused, not written).
/// </summary>
internal sealed partial class SparkApplicationController(
    IKubernetes client,
    CustomResourceClient<SparkApplication> apps,
    IResourceStore<V1Job> jobs,
    IResourceStore<V1Pod> pods,
    IEventRecorder events,
    SubmissionOptions submission,
    SparkApplicationAdmissionValidator validator,
    StatusWriteLedger ledger,
    LifecycleSettings lifecycle,
    ApplicationMetrics metrics,
    TimeProvider time,
    ILogger<SparkApplicationController> logger) : IEntityController<SparkApplication>
{
    private static readonly TimeSpan StaleCacheRecheck = TimeSpan.FromSeconds(2);

    public async Task<ReconcileResult> ReconcileAsync(SparkApplication entity, CancellationToken cancellationToken)
    {
        if (ledger.IsBehind(entity.Metadata.Uid, entity.Metadata.ResourceVersion))
        {
            // Our own status write from this version has not reached the cache yet; its watch
            // event brings it. The requeue only guards against that event being lost.
            return ReconcileResult.Requeue(StaleCacheRecheck);
        }

        var observed = await ObserveAsync(entity, cancellationToken);
        var decision = await ConfirmAttemptEndAsync(entity, observed, Decide(entity, observed), cancellationToken);
        ChildRefusal? invalid = null;
        switch (decision.Action)
        {
            case LifecycleAction.Submit:
                (decision, invalid) = await SubmitAsync(entity, observed, decision, cancellationToken);
                break;
            case LifecycleAction.CleanUpAttempt:
                await PodCleanup.DeleteAttemptPodsAsync(client, entity, decision.Attempt, submission.OperatorName, cancellationToken);
                break;
            case LifecycleAction.DeleteApplication:
                await DeleteApplicationAsync(entity, cancellationToken);
                Record(entity, decision);
                return ReconcileResult.Done;
        }

        // The merge patch from the stored status to the decided one; empty when nothing changed.
        if (ConditionalStatus.Change(entity.Status, decision.Status) is { } change)
        {
            await WriteStatusAsync(entity, change, cancellationToken);
            ledger.Written(entity.Metadata.Uid, entity.Metadata.ResourceVersion);
            metrics.Record(ApplicationTransition.Between(entity.Status, decision.Status, entity.Metadata.CreationTimestamp, time.GetUtcNow().UtcDateTime));
        }

        Record(entity, decision);
        if (invalid is { } terminal)
        {
            // Reported once, in status and (by the framework) a Warning Event; not retried.
            return ReconcileResult.Terminal(terminal.Reason, terminal.Message);
        }

        return decision.RequeueAfter is { } delay ? ReconcileResult.Requeue(delay) : ReconcileResult.Done;
    }

    /// <summary>
    /// The webhook's rules run again before anything is created: an application stored without
    /// them (the webhook bypassed, unregistered, or older rules) must not reach a pod. A spec that
    /// breaks them fails for good; one the API server refuses to store the objects of ends the
    /// attempt as a failed submission with the server's reason.
    /// </summary>
    private async Task<(LifecycleDecision Decision, ChildRefusal? Invalid)> SubmitAsync(
        SparkApplication entity, ObservedAttempt observed, LifecycleDecision decision, CancellationToken cancellationToken)
    {
        var problems = validator.ValidateSpec(entity, cancellationToken);
        DesiredResources? desired = null;
        if (problems.Count == 0)
        {
            try
            {
                desired = SubmissionBuilder.Build(entity, decision.Attempt, submission);
            }
            catch (ArgumentException e)
            {
                problems = [new AdmissionError("spec", e.Message)];
            }
        }

        if (desired is null)
        {
            var invalid = new ChildRefusal("InvalidSpec", $"the spec is invalid, nothing was created: {string.Join("; ", problems)}");
            logger.LogWarning("{Namespace}/{Name} has an invalid spec: {Problems}", entity.Metadata.NamespaceProperty, entity.Metadata.Name, invalid.Message);
            return (ApplicationLifecycle.Reject(Input(entity, observed), invalid.Reason, invalid.Message), invalid);
        }

        // Decided from the status the submission was made with (attempt n, Submitted).
        var submitted = new SparkApplication
        {
            ApiVersion = entity.ApiVersion,
            Kind = entity.Kind,
            Metadata = entity.Metadata,
            Spec = entity.Spec,
            Status = decision.Status,
        };
        if (await NamedAccountCheck.RefusalAsync(client, entity, submission.Policy, cancellationToken) is { } unusable)
        {
            logger.LogInformation("{Namespace}/{Name} waits for its ServiceAccount: {Reason}", entity.Metadata.NamespaceProperty, entity.Metadata.Name, unusable);

            // A new attempt waits for the account without counting; an attempt being applied again
            // (its Job lost) had the account when it began, so it ends as a failed submission.
            return entity.Status?.Attempt == decision.Attempt
                ? (ApplicationLifecycle.Refuse(Input(submitted, observed), decision.Attempt, ServiceAccountRules.NotUsableReason, unusable), null)
                : (ApplicationLifecycle.AwaitServiceAccount(Input(entity, observed), ServiceAccountRules.NotUsableReason, unusable), null);
        }

        if (await new SubmissionWriter(client, logger).WriteAsync(desired, cancellationToken) is not { } refusal)
        {
            decision.Status.SparkUi = desired.SparkUi;
            return (decision, null);
        }

        return (ApplicationLifecycle.Refuse(Input(submitted, observed), decision.Attempt, refusal.Reason, refusal.Message), null);
    }

    /// <summary>
    /// An attempt that ends because its driver pod is missing from the cache (never appeared, or
    /// disappeared) is confirmed against the API server first: on a loaded control plane the pod
    /// watch can lag the Job's, and a lag must not fail an application whose driver runs.
    /// </summary>
    private async Task<LifecycleDecision> ConfirmAttemptEndAsync(SparkApplication entity, ObservedAttempt observed, LifecycleDecision decision, CancellationToken cancellationToken)
    {
        if (!EndsAttempt(entity.Status, decision.Status) || observed.DriverPod is not null)
        {
            return decision;
        }

        var ns = entity.Metadata.NamespaceProperty;
        var driverName = ResourceNames.DriverPod(entity.Metadata.Name, decision.Attempt);
        V1Pod live;
        try
        {
            live = await client.CoreV1.ReadNamespacedPodAsync(driverName, ns, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return decision;
        }

        logger.LogInformation("Driver pod {Namespace}/{Pod} exists though the cache lacks it; deciding on the live pod", ns, driverName);
        return Decide(entity, observed with { DriverPod = live });
    }

    private static bool EndsAttempt(SparkApplicationStatus? current, SparkApplicationStatus desired) =>
        (desired.SubmissionAttempts ?? 0) + (desired.ExecutionAttempts ?? 0) > (current?.SubmissionAttempts ?? 0) + (current?.ExecutionAttempts ?? 0);

    private LifecycleDecision Decide(SparkApplication entity, ObservedAttempt observed) =>
        ApplicationLifecycle.Decide(Input(entity, observed));

    private LifecycleInput Input(SparkApplication entity, ObservedAttempt observed)
    {
        var name = entity.Metadata.Name;
        return new LifecycleInput(
            entity,
            observed,
            attempt => new AttemptNames(ResourceNames.SubmitJob(name, attempt), ResourceNames.DriverPod(name, attempt)),
            time.GetUtcNow().UtcDateTime,
            lifecycle);
    }

    private async Task<ObservedAttempt> ObserveAsync(SparkApplication app, CancellationToken cancellationToken)
    {
        if (app.Status?.Attempt is not { } attempt || attempt < 1)
        {
            return ObservedAttempt.Nothing;
        }

        var ns = app.Metadata.NamespaceProperty;
        var job = jobs.Find(ns, ResourceNames.SubmitJob(app.Metadata.Name, attempt));
        var submitPod = job?.Metadata.Uid is { } jobUid
            ? pods.ListByOwner(jobUid).OrderByDescending(p => p.Metadata.CreationTimestamp).FirstOrDefault()
            : null;
        var driver = pods.Find(ns, ResourceNames.DriverPod(app.Metadata.Name, attempt));
        var refusal = job is not null && submitPod is null && driver is null && CouldHaveCreatedItsPod(job)
            ? await SubmissionWriter.PodCreationRefusalAsync(client, job, cancellationToken)
            : null;
        return new ObservedAttempt(job, submitPod, driver, refusal);
    }

    /// <summary>A Job still running that has had the report delay to create its pod.</summary>
    private bool CouldHaveCreatedItsPod(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is "Complete" or "Failed") != true
        && job.Metadata.CreationTimestamp is { } created
        && time.GetUtcNow().UtcDateTime - created >= lifecycle.PendingReportDelay;

    private async Task WriteStatusAsync(SparkApplication app, JsonObject statusChange, CancellationToken cancellationToken)
    {
        var patch = ConditionalStatus.Patch(app.Metadata.ResourceVersion, statusChange);
        logger.LogDebug("Status of {Namespace}/{Name} from resourceVersion {ResourceVersion}: {Patch}", app.Metadata.NamespaceProperty, app.Metadata.Name, app.Metadata.ResourceVersion, patch.Content);
        await apps.PatchStatusAsync(app.Metadata.NamespaceProperty, app.Metadata.Name, patch, cancellationToken);
    }

    private async Task DeleteApplicationAsync(SparkApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                SparkApplication.GroupName,
                SparkApplication.Version,
                app.Metadata.NamespaceProperty,
                SparkApplication.Plural,
                app.Metadata.Name,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = app.Metadata.Uid } },
                cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone: the time to live was honoured by someone else.
        }
    }

    /// <summary>
    /// The decision's Events go off the reconcile path (the recorder sends them in the background
    /// and never throws), and only after the status write succeeded, so a refused (stale) decision
    /// records nothing.
    /// </summary>
    private void Record(SparkApplication app, LifecycleDecision decision) =>
        events.Post(app, [.. decision.Events.Select(e => (e.Type, e.Reason, e.Message))]);
}
