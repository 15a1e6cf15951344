using k8s.Models;
using SparkOperator.Spark;

namespace SparkOperator.Lifecycle;

/// <summary>Reads why a pod is where it is, from its status only (there may be no log API).</summary>
public static class PodInspection
{
    /// <summary>Spark's label carrying the application id on driver and executor pods.</summary>
    public const string SparkAppSelectorLabel = OwnedLabels.SparkAppSelector;

    /// <summary>
    /// True when an API server's refusal to create a pod will be repeated for the same pod: Pod
    /// Security (the namespace enforces a level the pod does not meet), a field the server finds
    /// invalid, or a ServiceAccount that is gone (the operator made or checked it before the Job, so
    /// someone deleted it; the attempt ends rather than wait for it). Quotas may pass later.
    /// </summary>
    public static bool IsPermanentRefusal(string message) =>
        message.Contains("violates PodSecurity", StringComparison.Ordinal)
        || message.Contains(" is invalid: ", StringComparison.Ordinal)
        || message.Contains("error looking up service account", StringComparison.Ordinal);

    /// <summary>Why a Pending pod is not running: a container's waiting reason, or the scheduler's verdict.</summary>
    public static string PendingReason(V1Pod pod)
    {
        var waiting = AllContainerStatuses(pod)
            .Select(c => c.State?.Waiting)
            .FirstOrDefault(w => w is not null && w.Reason is not null and not "ContainerCreating" and not "PodInitializing");
        if (waiting is not null)
        {
            return Join(waiting.Reason, waiting.Message);
        }

        var unscheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
        if (unscheduled is not null)
        {
            return Join(unscheduled.Reason, unscheduled.Message);
        }

        return Join(pod.Status?.Reason, pod.Status?.Message) is { Length: > 0 } reason ? reason : "Pending";
    }

    /// <summary>How a finished container ended: exit code, reason and its termination message (the log tail with FallbackToLogsOnError).</summary>
    public static string TerminationSummary(V1Pod pod, string what, int maxMessageLength = 2048)
    {
        var terminated = AllContainerStatuses(pod)
            .Select(c => c.State?.Terminated ?? c.LastState?.Terminated)
            .Where(t => t is not null)
            .OrderByDescending(t => t!.ExitCode != 0)
            .FirstOrDefault();
        if (terminated is null)
        {
            var podReason = Join(pod.Status?.Reason, pod.Status?.Message);
            return podReason.Length > 0 ? $"{what} {podReason}" : $"{what} ended in phase {pod.Status?.Phase}";
        }

        var text = $"{what} exited with code {terminated.ExitCode}";
        if (!string.IsNullOrWhiteSpace(terminated.Reason) && terminated.Reason is not "Completed" and not "Error")
        {
            text += $" ({terminated.Reason})";
        }

        var message = Tail(terminated.Message, maxMessageLength);
        return message.Length > 0 ? $"{text}: {message}" : text;
    }

    /// <summary>The end of a multi-line message, cut at a line boundary, trimmed.</summary>
    public static string Tail(string? message, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "";
        }

        var text = message.Trim();
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = text[^maxLength..];
        var newline = cut.IndexOf('\n', StringComparison.Ordinal);
        return newline >= 0 && newline < cut.Length - 1 ? cut[(newline + 1)..] : cut;
    }

    /// <summary>When the pod stopped, from its containers' termination times, else null.</summary>
    public static DateTime? FinishedAt(V1Pod pod) =>
        AllContainerStatuses(pod).Select(c => c.State?.Terminated?.FinishedAt).Where(t => t is not null).Max();

    private static IEnumerable<V1ContainerStatus> AllContainerStatuses(V1Pod pod) =>
        (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []);

    private static string Join(string? reason, string? message) =>
        string.Join(": ", new[] { reason, message }.Where(s => !string.IsNullOrWhiteSpace(s)));
}
