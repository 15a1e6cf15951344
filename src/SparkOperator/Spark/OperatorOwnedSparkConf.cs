namespace SparkOperator.Spark;

/// <summary>
/// Spark settings the operator sets itself. A user's sparkConf must not carry them: they would
/// break submission or tracking. Each maps to the spec field to use instead.
/// </summary>
public static class OperatorOwnedSparkConf
{
    /// <summary>Owned key (or key prefix ending in '.') → what to use instead.</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["spark.master"] = "the operator submits to the cluster it runs in",
        ["spark.submit.deployMode"] = "spec.mode (only cluster is supported)",
        ["spark.kubernetes.namespace"] = "the SparkApplication's own namespace",
        ["spark.kubernetes.driver.podTemplateFile"] = "spec.driver",
        ["spark.kubernetes.executor.podTemplateFile"] = "spec.executor",
        ["spark.kubernetes.driver.podTemplateContainerName"] = "spec.driver",
        ["spark.kubernetes.executor.podTemplateContainerName"] = "spec.executor",
        ["spark.kubernetes.authenticate.driver.serviceAccountName"] = "the service account the operator creates for the application",
        ["spark.kubernetes.authenticate.executor.serviceAccountName"] = "the service account the operator creates for the application",
        ["spark.kubernetes.container.image"] = "spec.sparkImage",
        ["spark.kubernetes.driver.container.image"] = "spec.sparkImage",
        ["spark.kubernetes.executor.container.image"] = "spec.sparkImage",
        ["spark.kubernetes.driver.pod.name"] = "the operator names the driver pod per attempt",
        ["spark.kubernetes.submission.waitAppCompletion"] = "the operator follows the driver pod itself",
    };

    /// <summary>True (with the hint) when <paramref name="key"/> is owned by the operator.</summary>
    public static bool IsOwned(string key, out string useInstead) => Keys.TryGetValue(key, out useInstead!);
}
