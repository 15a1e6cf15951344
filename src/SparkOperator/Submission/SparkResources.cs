using System.Globalization;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>Role sizes: as Spark confs for the driver and executors, as requests/limits for the submit Job.</summary>
internal static class SparkResources
{
    /// <summary>
    /// spark.{role}.cores / memory / memoryOverhead and spark.kubernetes.{role}.request.cores /
    /// limit.cores. Spark sizes the pod from these: cpu request = request.cores (else cores),
    /// memory request and limit = memory + overhead, cpu limit = limit.cores.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Confs(string role, RoleSpec? spec)
    {
        if (spec is null)
        {
            yield break;
        }

        if (spec.Cores is { } cores)
        {
            yield return new($"spark.{role}.cores", cores.ToString(CultureInfo.InvariantCulture));
        }

        // Spark requests spark.{role}.cores as CPU unless request.cores says otherwise.
        if (spec.CoreRequest?.Value is { Length: > 0 } request)
        {
            yield return new($"spark.kubernetes.{role}.request.cores", request);
        }
        else if (spec.Cores is { } requested)
        {
            yield return new($"spark.kubernetes.{role}.request.cores", requested.ToString(CultureInfo.InvariantCulture));
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
    /// The submit container's requests and limits: spec.job.resources, with coreRequest (else cores)
    /// as the cpu request, coreLimit as the cpu limit and memory (+ memoryOverhead), read in Spark's
    /// notation, as both memory request and limit in Mi; then the operator's defaults for what is
    /// still unset (<see cref="WithDefaults"/>).
    /// </summary>
    public static V1ResourceRequirements? ForJob(RoleSpec? job, SubmitPodDefaults defaults)
    {
        var resources = Lists.Clone(job?.Resources) ?? new V1ResourceRequirements();
        var requests = resources.Requests ?? new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var limits = resources.Limits ?? new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        job ??= new RoleSpec();
        if (job.CoreRequest?.Value is { Length: > 0 } coreRequest)
        {
            requests["cpu"] = new ResourceQuantity(coreRequest);
        }
        else if (job.Cores is { } cores)
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

        WithDefaults(requests, limits, "cpu", defaults.CpuRequest, defaults.CpuLimit);
        WithDefaults(requests, limits, "memory", defaults.Memory, defaults.Memory);
        resources.Requests = requests.Count > 0 ? requests : null;
        resources.Limits = limits.Count > 0 ? limits : null;
        return resources.Requests is null && resources.Limits is null && resources.Claims is null ? null : resources;
    }

    /// <summary>
    /// Fills an unset request or limit from the operator's default. A default never contradicts what
    /// the spec set: a default limit below the spec's request is raised to it, a default request above
    /// the spec's limit is lowered to it (as the API server itself defaults a request to its limit).
    /// </summary>
    private static void WithDefaults(IDictionary<string, ResourceQuantity> requests, IDictionary<string, ResourceQuantity> limits, string name, string defaultRequest, string defaultLimit)
    {
        var hasRequest = requests.TryGetValue(name, out var request);
        var hasLimit = limits.TryGetValue(name, out var limit);
        if (!hasLimit && !string.IsNullOrEmpty(defaultLimit))
        {
            limits[name] = hasRequest && Exceeds(request!, defaultLimit) ? request! : new ResourceQuantity(defaultLimit);
        }

        if (!hasRequest && !string.IsNullOrEmpty(defaultRequest))
        {
            requests[name] = hasLimit && Exceeds(new ResourceQuantity(defaultRequest), limit!.ToString()) ? limit : new ResourceQuantity(defaultRequest);
        }
    }

    private static bool Exceeds(ResourceQuantity quantity, string other) =>
        KubernetesQuantity.TryParse(quantity.ToString(), out var a) && KubernetesQuantity.TryParse(other, out var b) && a > b;

    private static long Mebibytes(string text, string field) =>
        SparkMemory.TryParseMebibytes(text, out var mebibytes)
            ? mebibytes
            : throw new ArgumentException($"{field} '{text}' is not a size in Spark's notation (e.g. 512m, 2g).", nameof(text));
}
