using System.Globalization;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>Role sizes: as Spark confs for the driver and executors, as requests/limits for the submit Job.</summary>
internal static class SparkResources
{
    /// <summary>
    /// spark.{role}.cores / memory / memoryOverhead and spark.kubernetes.{role}.request.cores /
    /// limit.cores. Spark sizes the pod from these: cpu request = cores, memory request and
    /// limit = memory + overhead, cpu limit = limit.cores.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Confs(string role, RoleSpec? spec)
    {
        if (spec is null)
        {
            yield break;
        }

        if (spec.Cores is { } cores)
        {
            var text = cores.ToString(CultureInfo.InvariantCulture);
            yield return new($"spark.{role}.cores", text);
            yield return new($"spark.kubernetes.{role}.request.cores", text);
        }

        if (spec.CoreLimit is { } limit)
        {
            yield return new($"spark.kubernetes.{role}.limit.cores", limit.Value);
        }

        if (!string.IsNullOrEmpty(spec.Memory))
        {
            yield return new($"spark.{role}.memory", spec.Memory);
        }

        if (!string.IsNullOrEmpty(spec.MemoryOverhead))
        {
            yield return new($"spark.{role}.memoryOverhead", spec.MemoryOverhead);
        }
    }

    /// <summary>
    /// The submit container's requests and limits: spec.job.resources, with cores as the cpu
    /// request, coreLimit as the cpu limit and memory (+ memoryOverhead), read in Spark's
    /// notation, as both memory request and limit in Mi.
    /// </summary>
    public static V1ResourceRequirements? ForJob(RoleSpec? job)
    {
        if (job is null)
        {
            return null;
        }

        var resources = Lists.Clone(job.Resources) ?? new V1ResourceRequirements();
        var requests = resources.Requests ?? new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var limits = resources.Limits ?? new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (job.Cores is { } cores)
        {
            requests["cpu"] = new ResourceQuantity(cores.ToString(CultureInfo.InvariantCulture));
        }

        if (job.CoreLimit is { } limit)
        {
            limits["cpu"] = new ResourceQuantity(limit.Value);
        }

        if (!string.IsNullOrEmpty(job.Memory))
        {
            var mebibytes = Mebibytes(job.Memory, "spec.job.memory");
            if (!string.IsNullOrEmpty(job.MemoryOverhead))
            {
                mebibytes += Mebibytes(job.MemoryOverhead, "spec.job.memoryOverhead");
            }

            var quantity = mebibytes.ToString(CultureInfo.InvariantCulture) + "Mi";
            requests["memory"] = new ResourceQuantity(quantity);
            limits["memory"] = new ResourceQuantity(quantity);
        }

        resources.Requests = requests.Count > 0 ? requests : null;
        resources.Limits = limits.Count > 0 ? limits : null;
        return resources.Requests is null && resources.Limits is null && resources.Claims is null ? null : resources;
    }

    private static long Mebibytes(string text, string field) =>
        SparkMemory.TryParseMebibytes(text, out var mebibytes)
            ? mebibytes
            : throw new ArgumentException($"{field} '{text}' is not a size in Spark's notation (e.g. 512m, 2g).", nameof(text));
}
