using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.History;

/// <summary>The status a history server should have, from its Deployment as last seen. Pure.</summary>
public static class HistoryServerStatusBuilder
{
    public const string Available = "Available";

    /// <summary>
    /// Available follows the Deployment's own Available condition; a condition whose status did
    /// not change keeps its transition time.
    /// </summary>
    public static SparkHistoryServerStatus FromDeployment(SparkHistoryServer server, V1Deployment? deployment, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(server);
        var available = deployment?.Status?.Conditions?.FirstOrDefault(c => c.Type == Available);
        var condition = available is null
            ? Condition(server, "False", "DeploymentPending", "the Deployment has not reported availability yet", now)
            : Condition(server, available.Status, available.Reason ?? "Deployment", available.Message ?? "", now);
        return new SparkHistoryServerStatus
        {
            ObservedGeneration = server.Metadata.Generation,
            Conditions = [condition],
            Replicas = server.Spec.Replicas ?? 1,
            ReadyReplicas = deployment?.Status?.ReadyReplicas ?? 0,
            ServiceName = HistoryNames.Service(server.Metadata.Name),
            Url = HistoryServerBuilder.Url(server),
        };
    }

    /// <summary>A server nothing could be built for: Available False with the reason, and what the status had besides.</summary>
    public static SparkHistoryServerStatus Refused(SparkHistoryServer server, string reason, string message, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new SparkHistoryServerStatus
        {
            ObservedGeneration = server.Metadata.Generation,
            Conditions = [Condition(server, "False", reason, message, now)],
            Replicas = server.Spec?.Replicas ?? 1,
            ReadyReplicas = server.Status?.ReadyReplicas ?? 0,
            ServiceName = server.Status?.ServiceName,
            Url = server.Status?.Url,
        };
    }

    private static V1Condition Condition(SparkHistoryServer server, string status, string reason, string message, DateTime now)
    {
        var previous = server.Status?.Conditions?.FirstOrDefault(c => c.Type == Available);
        return new V1Condition
        {
            Type = Available,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = server.Metadata.Generation,
            LastTransitionTime = previous is not null && previous.Status == status ? previous.LastTransitionTime : now,
        };
    }
}
