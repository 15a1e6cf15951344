using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Informers;
using SparkOperator.History;
using SparkOperator.Submission;
using SparkOperator.Validation;

namespace SparkOperator.Controllers;

/// <summary>
/// Makes a SparkHistoryServer's ConfigMap, Service, Deployment and Ingress what the pure
/// <see cref="HistoryServerBuilder"/> says, then reports the Deployment's availability in status.
/// A spec the rules refuse, or a child name a stranger's object holds, is reported once and not retried.
/// </summary>
internal sealed partial class SparkHistoryServerController(
    IKubernetes client,
    CustomResourceClient<SparkHistoryServer> servers,
    IResourceStore<V1Deployment> deployments,
    SubmissionOptions submission,
    SparkHistoryServerAdmissionValidator validator,
    TimeProvider time,
    ILogger<SparkHistoryServerController> logger) : IEntityController<SparkHistoryServer>
{
    public async Task<ReconcileResult> ReconcileAsync(SparkHistoryServer entity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var problems = validator.ValidateSpec(entity, cancellationToken);
        if (problems.Count > 0)
        {
            return await RefuseAsync(entity, "InvalidSpec", $"the spec is invalid, nothing was changed: {string.Join("; ", problems)}", now, cancellationToken);
        }

        var desired = HistoryServerBuilder.Build(entity, submission);
        try
        {
            foreach (var child in desired.InApplyOrder())
            {
                if (await WriteAsync(child, cancellationToken) is { } foreign)
                {
                    return await RefuseAsync(entity, "NameTaken", $"{foreign} exists and is not this history server's; rename one of them", now, cancellationToken);
                }
            }

            if (desired.Ingress is null)
            {
                await DeleteOwnIngressAsync(entity, cancellationToken);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden)
        {
            // Invalid for the API server, or refused by a quota or admission: retrying the same objects cannot help.
            return await RefuseAsync(entity, "Refused", $"the API server refused the history server's objects: {e.Response.Content}", now, cancellationToken);
        }

        var deployment = deployments.Find(entity.Metadata.NamespaceProperty, HistoryNames.Deployment(entity.Metadata.Name));
        await WriteStatusAsync(entity, HistoryServerStatusBuilder.FromDeployment(entity, deployment, now), cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>Null when written; else the kind and name of the stranger's object that holds the name.</summary>
    private async Task<string?> WriteAsync(IKubernetesObject<V1ObjectMeta> child, CancellationToken cancellationToken)
    {
        var foreign = child switch
        {
            V1ConfigMap o => (await client.CreateOrApplyAsync(o, servers.FieldManager, cancellationToken)).Foreign is not null,
            V1Service o => (await client.CreateOrApplyAsync(o, servers.FieldManager, cancellationToken)).Foreign is not null,
            V1Deployment o => (await client.CreateOrApplyAsync(o, servers.FieldManager, cancellationToken)).Foreign is not null,
            V1Ingress o => (await client.CreateOrApplyAsync(o, servers.FieldManager, cancellationToken)).Foreign is not null,
            _ => throw new NotSupportedException(child.GetType().Name),
        };
        return foreign ? $"{child.Kind} {child.Metadata.NamespaceProperty}/{child.Metadata.Name}" : null;
    }

    /// <summary>An Ingress removed from the spec goes, if it is ours.</summary>
    private async Task DeleteOwnIngressAsync(SparkHistoryServer entity, CancellationToken cancellationToken)
    {
        var (ns, name) = (entity.Metadata.NamespaceProperty, HistoryNames.Ingress(entity.Metadata.Name));
        V1Ingress existing;
        try
        {
            existing = await client.NetworkingV1.ReadNamespacedIngressAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        if (existing.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == entity.Metadata.Uid) == true)
        {
            await client.NetworkingV1.DeleteNamespacedIngressAsync(name, ns, cancellationToken: cancellationToken);
        }
    }

    private async Task<ReconcileResult> RefuseAsync(SparkHistoryServer entity, string reason, string message, DateTime now, CancellationToken cancellationToken)
    {
        logger.LogWarning("History server {Namespace}/{Name}: {Reason}: {Message}", entity.Metadata.NamespaceProperty, entity.Metadata.Name, reason, message);
        await WriteStatusAsync(entity, HistoryServerStatusBuilder.Refused(entity, reason, message, now), cancellationToken);

        // Reported once, in status and (by the framework) a Warning Event; a spec change brings it back.
        return ReconcileResult.Terminal(reason, message);
    }

    private async Task WriteStatusAsync(SparkHistoryServer entity, SparkHistoryServerStatus status, CancellationToken cancellationToken)
    {
        if (JsonMergePatch.Create(ToJson(entity.Status), ToJson(status)) is not JsonObject { Count: > 0 } change)
        {
            return;
        }

        var body = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = entity.Metadata.ResourceVersion },
            ["status"] = change,
        };
        await servers.PatchStatusAsync(
            entity.Metadata.NamespaceProperty,
            entity.Metadata.Name,
            new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch),
            cancellationToken);
    }

    private static JsonNode? ToJson(SparkHistoryServerStatus? status) =>
        status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));
}
