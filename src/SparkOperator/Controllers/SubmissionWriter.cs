using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SparkOperator.Framework.Client;
using SparkOperator.Hosting;
using SparkOperator.Submission;

namespace SparkOperator.Controllers;

/// <summary>Why an attempt's objects were not written: a reason for conditions and Events, and a message for people.</summary>
internal sealed record ChildRefusal(string Reason, string Message);

/// <summary>
/// Writes one attempt's objects, and tells a refusal for good (the API server's 400, 403, 413 or
/// 422: invalid, forbidden, too large; or a name taken by an object the application does not
/// control) from a failure worth retrying (anything else is thrown and retried with backoff).
/// </summary>
internal sealed class SubmissionWriter(IKubernetes client, ILogger logger)
{
    /// <summary>Writes the objects in order (the Job last); null when all were written.</summary>
    public async Task<ChildRefusal?> WriteAsync(DesiredResources desired, CancellationToken cancellationToken)
    {
        // Everything the submit pod needs exists before the Job that starts it. Names are fixed per
        // attempt, so these are new objects unless an earlier try of this attempt got this far:
        // create, and apply only what already exists and is ours.
        var before = await Task.WhenAll(
            WriteIfAnyAsync(desired.ServiceAccount, cancellationToken),
            WriteIfAnyAsync(desired.RoleBinding, cancellationToken),
            WriteAsync(desired.PodTemplates, cancellationToken),
            WriteIfAnyAsync(desired.SparkUiService, cancellationToken),
            WriteIfAnyAsync(desired.SparkUiIngress, cancellationToken));
        if (before.FirstOrDefault(r => r is not null) is { } refused)
        {
            return refused;
        }

        if (await WriteAsync(desired.SubmitJob, cancellationToken) is { } jobRefused)
        {
            return jobRefused;
        }

        logger.LogInformation(
            "Submitted {Namespace}/{Name} attempt {Attempt} as Job {Job}",
            desired.SubmitJob.Metadata.NamespaceProperty,
            desired.SubmitJob.Metadata.OwnerReferences[0].Name,
            desired.Attempt,
            desired.SubmitJobName);
        return null;
    }

    /// <summary>
    /// The message of the latest FailedCreate Event the Job controller recorded about
    /// <paramref name="job"/> (e.g. Pod Security or a quota refusing its pod), or null.
    /// </summary>
    public static async Task<string?> PodCreationRefusalAsync(IKubernetes client, V1Job job, CancellationToken cancellationToken)
    {
        var events = await client.CoreV1.ListNamespacedEventAsync(
            job.Metadata.NamespaceProperty,
            fieldSelector: $"involvedObject.uid={job.Metadata.Uid},reason=FailedCreate",
            cancellationToken: cancellationToken);
        return events.Items.OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp).FirstOrDefault()?.Message;
    }

    // Absent objects are not written: an application naming its own account gets no ServiceAccount
    // or RoleBinding, one without sparkUi no UI Service or Ingress. The UI's Service is written again
    // by every attempt: its selector names the attempt whose driver it shows.
    private Task<ChildRefusal?> WriteIfAnyAsync<T>(T? desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        desired is null ? Task.FromResult<ChildRefusal?>(null) : WriteAsync(desired, cancellationToken);

    private async Task<ChildRefusal?> WriteAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            var write = await client.CreateOrApplyAsync(desired, OperatorDefaults.FieldManager, cancellationToken);
            return write.Foreign is { } foreign
                ? new ChildRefusal(
                    "NameTaken",
                    $"{desired.Kind} {desired.Metadata.Name} already exists and is not controlled by this SparkApplication ({Controller(foreign)}); "
                    + "the operator leaves it untouched: delete or rename that object, or give the application another name")
                : null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden
            or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity)
        {
            return new ChildRefusal("SubmissionRefused", $"the API server refused {desired.Kind} {desired.Metadata.Name}: {ServerMessage(e)}");
        }
    }

    private static string Controller(IKubernetesObject<V1ObjectMeta> foreign) =>
        foreign.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } owner
            ? $"its controller is {owner.Kind} {owner.Name}"
            : "it has no controller";

    /// <summary>The Status message of an API error, or its body cut short.</summary>
    private static string ServerMessage(HttpOperationException e)
    {
        var content = e.Response.Content ?? "";
        try
        {
            if (KubernetesJson.Deserialize<V1Status>(content)?.Message is { Length: > 0 } message)
            {
                return message;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return content.Length > 1024 ? content[..1024] + "..." : $"HTTP {(int)e.Response.StatusCode} {content}";
    }
}
