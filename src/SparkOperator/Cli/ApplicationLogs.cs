using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Hosting;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.Cli;

/// <summary>
/// Prints the logs of one attempt of a SparkApplication through the API server: the submit pod's
/// spark-submit, the driver, then each executor, each under a header naming the pod. Only the
/// operator's own container of each pod is read, so a sidecar added through podOverrides does not
/// hide the Spark log. A pod whose log the API server cannot give (gone, or its node unreachable)
/// is reported and the others are still printed.
/// </summary>
internal sealed class ApplicationLogs(IKubernetes client, TextWriter output, TextWriter error)
{

    /// <summary>Which pods and how much of their logs.</summary>
    public sealed record Request(string Namespace, string Name, int? Attempt = null, bool Executors = true, int? TailLines = null);

    /// <summary>0 when every log was printed; 1 when the application is missing or a log could not be read.</summary>
    public async Task<int> PrintAsync(Request request, CancellationToken cancellationToken)
    {
        var app = await new CustomResourceClient<SparkApplication>(client, OperatorDefaults.FieldManager)
            .GetAsync(request.Namespace, request.Name, cancellationToken);
        if (app is null)
        {
            await error.WriteLineAsync($"logs: SparkApplication {request.Namespace}/{request.Name} not found");
            return 1;
        }

        var attempt = request.Attempt ?? app.Status?.Attempt;
        if (attempt is null)
        {
            await error.WriteLineAsync($"logs: {request.Namespace}/{request.Name} has not been submitted yet (status.attempt is unset)");
            return 1;
        }

        var components = new List<(string Component, string Container)>
        {
            (SubmissionLabels.SubmitComponent, OwnedPaths.SubmitContainer),
            (SubmissionLabels.DriverComponent, OwnedPaths.SparkContainer),
        };
        if (request.Executors)
        {
            components.Add((SubmissionLabels.ExecutorComponent, OwnedPaths.SparkContainer));
        }

        var failed = 0;
        var printed = 0;
        foreach (var (component, container) in components)
        {
            var selector = SubmissionLabels.Selector(app.Metadata.Name, OperatorDefaults.Name, component, attempt.Value);
            var pods = await client.CoreV1.ListNamespacedPodAsync(request.Namespace, labelSelector: selector, cancellationToken: cancellationToken);
            foreach (var pod in pods.Items.OrderBy(ExecutorId).ThenBy(p => p.Metadata.CreationTimestamp).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
            {
                printed++;
                if (!await PrintPodAsync(pod, component, container, request.TailLines, cancellationToken))
                {
                    failed++;
                }
            }
        }

        if (printed == 0)
        {
            await error.WriteLineAsync($"logs: attempt {attempt} of {request.Namespace}/{request.Name} has no pods left");
            return 1;
        }

        return failed == 0 ? 0 : 1;
    }

    // Spark numbers its executors (label spark-exec-id); executor 10 comes after executor 9.
    private static long ExecutorId(V1Pod pod) =>
        long.TryParse(pod.GetLabel(OwnedLabels.SparkExecutorId), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;

    private async Task<bool> PrintPodAsync(V1Pod pod, string component, string container, int? tailLines, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"==> {component} pod/{pod.Metadata.Name} ({pod.Status?.Phase ?? "Unknown"}) <==");
        try
        {
            await using var log = await client.CoreV1.ReadNamespacedPodLogAsync(
                pod.Metadata.Name, pod.Metadata.NamespaceProperty, container: container, tailLines: tailLines, cancellationToken: cancellationToken);
            using var reader = new StreamReader(log);
            var text = await reader.ReadToEndAsync(cancellationToken);
            await output.WriteAsync(text);
            if (text.Length > 0 && !text.EndsWith('\n'))
            {
                await output.WriteLineAsync();
            }

            return true;
        }
        catch (HttpOperationException e)
        {
            var reason = e.Response.StatusCode == HttpStatusCode.NotFound ? "the pod is gone" : Message(e);
            await error.WriteLineAsync($"logs: pod/{pod.Metadata.Name}: {reason}");
            return false;
        }
    }

    // The API server explains a refused log read (no such container, node unreachable) in a Status body.
    private static string Message(HttpOperationException e)
    {
        try
        {
            if (KubernetesJson.Deserialize<V1Status>(e.Response.Content) is { Message: { Length: > 0 } message })
            {
                return message;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return $"{(int)e.Response.StatusCode} {e.Response.ReasonPhrase}".Trim();
    }
}
