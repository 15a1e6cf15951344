using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Informers;
using SparkOperator.Hosting;
using SparkOperator.Lifecycle;
using SparkOperator.Submission;

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
    StatusWriteLedger ledger,
    LifecycleSettings lifecycle,
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

        var observed = Observe(entity);
        var decision = await ConfirmAttemptEndAsync(entity, observed, Decide(entity, observed), cancellationToken);
        switch (decision.Action)
        {
            case LifecycleAction.Submit:
                await SubmitAsync(entity, decision.Attempt, cancellationToken);
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
        if (JsonMergePatch.Create(ToJson(entity.Status), ToJson(decision.Status)) is JsonObject { Count: > 0 } change)
        {
            await WriteStatusAsync(entity, change, cancellationToken);
            ledger.Written(entity.Metadata.Uid, entity.Metadata.ResourceVersion);
        }

        Record(entity, decision);
        return decision.RequeueAfter is { } delay ? ReconcileResult.Requeue(delay) : ReconcileResult.Done;
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

    private LifecycleDecision Decide(SparkApplication entity, ObservedAttempt observed)
    {
        var name = entity.Metadata.Name;
        return ApplicationLifecycle.Decide(new LifecycleInput(
            entity,
            observed,
            attempt => new AttemptNames(ResourceNames.SubmitJob(name, attempt), ResourceNames.DriverPod(name, attempt)),
            time.GetUtcNow().UtcDateTime,
            lifecycle));
    }

    private ObservedAttempt Observe(SparkApplication app)
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
        return new ObservedAttempt(
            job,
            submitPod,
            pods.Find(ns, ResourceNames.DriverPod(app.Metadata.Name, attempt)));
    }

    private async Task SubmitAsync(SparkApplication app, int attempt, CancellationToken cancellationToken)
    {
        var desired = SubmissionBuilder.Build(app, attempt, submission);

        // Everything the submit pod needs exists before the Job that starts it. Names are fixed per
        // attempt, so these are new objects unless an earlier try of this attempt got this far:
        // create, and apply only what already exists.
        await Task.WhenAll(
            client.CreateOrApplyAsync(desired.ServiceAccount, OperatorDefaults.FieldManager, cancellationToken),
            client.CreateOrApplyAsync(desired.Role, OperatorDefaults.FieldManager, cancellationToken),
            client.CreateOrApplyAsync(desired.RoleBinding, OperatorDefaults.FieldManager, cancellationToken),
            client.CreateOrApplyAsync(desired.PodTemplates, OperatorDefaults.FieldManager, cancellationToken));
        await client.CreateOrApplyAsync(desired.SubmitJob, OperatorDefaults.FieldManager, cancellationToken);
        logger.LogInformation(
            "Submitted {Namespace}/{Name} attempt {Attempt} as Job {Job}",
            app.Metadata.NamespaceProperty,
            app.Metadata.Name,
            attempt,
            desired.SubmitJobName);
    }

    private async Task WriteStatusAsync(SparkApplication app, JsonObject statusChange, CancellationToken cancellationToken)
    {
        // What changed, plus the resourceVersion the decision was made from: a stale decision gets
        // a 409 and is retried. The API server merges it far more cheaply than an apply of the whole status.
        var body = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = app.Metadata.ResourceVersion },
            ["status"] = statusChange,
        };
        var patch = body.ToJsonString();
        logger.LogDebug("Status of {Namespace}/{Name} from resourceVersion {ResourceVersion}: {Patch}", app.Metadata.NamespaceProperty, app.Metadata.Name, app.Metadata.ResourceVersion, patch);
        await apps.PatchStatusAsync(
            app.Metadata.NamespaceProperty,
            app.Metadata.Name,
            new V1Patch(patch, V1Patch.PatchType.MergePatch),
            cancellationToken);
    }

    private static JsonNode? ToJson(SparkApplicationStatus? status) =>
        status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));

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
