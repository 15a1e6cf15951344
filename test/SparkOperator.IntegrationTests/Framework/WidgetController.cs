using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Informers;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>
/// Sample controller: keeps a ConfigMap <c>{name}-data</c> holding the spec's message (server-side
/// apply, owned by the Widget) and writes status.message/observedGeneration with a conditional
/// merge patch (so a concurrent change produces a real 409). A message starting with
/// <c>terminal</c> is a spec it cannot act on: it writes nothing and returns a terminal outcome.
/// </summary>
public sealed class WidgetController(
    IKubernetes client,
    CustomResourceClient<Widget> widgets,
    IResourceStore<V1ConfigMap> configMaps,
    WidgetProbe probe) : IEntityController<Widget>
{
    public const string FieldManager = "widget-operator";

    public const string TerminalReason = "WidgetInvalid";

    public async Task<ReconcileResult> ReconcileAsync(Widget entity, CancellationToken cancellationToken)
    {
        var meta = entity.Metadata;
        probe.Reconciles.Enqueue(new ReconcileCall(meta.Name, meta.Generation ?? 0, entity.Spec.Message, [.. meta.Finalizers ?? []], configMaps.ListByOwner(meta.Uid).Count));
        probe.Log?.Invoke($"[{probe.Instance}] reconcile {meta.Name} g{meta.Generation} rv{meta.ResourceVersion}");

        // Scribbling on the entity must not reach the operator's cache (tests check it).
        entity.Status.Message = "scratch";
        if (entity.Spec.Message?.StartsWith("terminal", StringComparison.Ordinal) == true)
        {
            return ReconcileResult.Terminal(TerminalReason, $"message {entity.Spec.Message} cannot be applied; change spec.message");
        }

        var child = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{meta.Name}-data",
                NamespaceProperty = meta.NamespaceProperty,
                OwnerReferences = [entity.ControllerReference()],
            },
            Data = new Dictionary<string, string> { ["message"] = entity.Spec.Message ?? string.Empty },
        };
        await client.ApplyAsync(child, FieldManager, cancellationToken);

        if (probe.BeforeStatusWrite is { } hook)
        {
            await hook(entity);
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = meta.ResourceVersion },
            ["status"] = new JsonObject { ["message"] = entity.Spec.Message, ["observedGeneration"] = meta.Generation },
        };
        try
        {
            await widgets.PatchStatusAsync(meta.NamespaceProperty, meta.Name, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            Interlocked.Increment(ref probe.Conflicts);
            probe.Log?.Invoke($"[{probe.Instance}] status conflict on {meta.Name}");
            throw;
        }

        // "poll" asks to be looked at again soon, as a controller waiting on something external would.
        return entity.Spec.Message == "poll" ? ReconcileResult.Requeue(TimeSpan.FromMilliseconds(300)) : ReconcileResult.Done;
    }

    public Task DeletedAsync(Widget entity, CancellationToken cancellationToken)
    {
        probe.Deleted.Enqueue(entity.Metadata.Name);
        probe.Log?.Invoke($"[{probe.Instance}] deleted {entity.Metadata.Name}");
        return Task.CompletedTask;
    }
}

/// <summary>Sample finalizer that can be told to fail, then to ask for a retry, a number of times first.</summary>
public sealed class WidgetFinalizer(WidgetProbe probe) : IEntityFinalizer<Widget>
{
    public const string Name = "framework.test.sparkoperator.dev/cleanup";

    public Task<FinalizerResult> FinalizeAsync(Widget entity, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.FinalizeAttempts);
        probe.FinalizeTimes.Enqueue(DateTimeOffset.UtcNow);
        if (Interlocked.Decrement(ref probe.FinalizeFailuresLeft) >= 0)
        {
            probe.Log?.Invoke($"[{probe.Instance}] finalize {entity.Metadata.Name} fails (scripted)");
            throw new InvalidOperationException("scripted finalizer failure");
        }

        if (Interlocked.Decrement(ref probe.FinalizeRetriesLeft) >= 0)
        {
            probe.Log?.Invoke($"[{probe.Instance}] finalize {entity.Metadata.Name} not done yet (scripted)");
            return Task.FromResult(FinalizerResult.RetryAfter(probe.FinalizeRetryDelay));
        }

        probe.Finalized.Enqueue(entity.Metadata.Name);
        probe.Log?.Invoke($"[{probe.Instance}] finalized {entity.Metadata.Name}");
        return Task.FromResult(FinalizerResult.Done);
    }
}
