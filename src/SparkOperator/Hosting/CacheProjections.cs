using k8s.Models;

namespace SparkOperator.Hosting;

/// <summary>
/// What the operator keeps of the Jobs and pods it caches: exactly what the lifecycle reads (the
/// conditions and times of a Job; a pod's phase, reasons, scheduling verdict and container
/// states, its labels and owners), nothing else. Thousands of finished pods stay in the cache
/// until their applications go, and specs, annotations, IPs, images and container IDs are most
/// of their size. Each function trims the object it is given and returns it.
/// </summary>
internal static class CacheProjections
{
    public static V1Job Job(V1Job job)
    {
        job.Spec = null;
        Trim(job.Metadata);
        if (job.Status is { } status)
        {
            job.Status = new V1JobStatus
            {
                Conditions = status.Conditions,
                CompletionTime = status.CompletionTime,
                StartTime = status.StartTime,
            };
        }

        return job;
    }

    public static V1Pod Pod(V1Pod pod)
    {
        pod.Spec = null;
        Trim(pod.Metadata);
        if (pod.Status is { } status)
        {
            pod.Status = new V1PodStatus
            {
                Phase = status.Phase,
                Reason = status.Reason,
                Message = status.Message,
                StartTime = status.StartTime,

                // Only the scheduler's "no" is read (why a pod is pending).
                Conditions = status.Conditions?.Where(c => c.Type == "PodScheduled" && c.Status == "False").ToList() is { Count: > 0 } unscheduled ? unscheduled : null,
                InitContainerStatuses = Containers(status.InitContainerStatuses),
                ContainerStatuses = Containers(status.ContainerStatuses),
            };
        }

        return pod;
    }

    private static void Trim(V1ObjectMeta metadata)
    {
        metadata.Annotations = null;
        metadata.ManagedFields = null;
    }

    private static List<V1ContainerStatus>? Containers(IList<V1ContainerStatus>? statuses) =>
        statuses?.Select(c => new V1ContainerStatus { Name = c.Name, State = c.State, LastState = c.LastState }).ToList();
}
