namespace SparkOperator.Spark;

/// <summary>
/// How the operator treats each Spark conf it writes and each one a user may write. Three classes:
/// <list type="bullet">
/// <item><b>Owned</b>: the operator's identity, the pod templates and what it tracks pods by. It sets
/// them itself, after the user's sparkConf so that they always win, and admission refuses them in
/// sparkConf.</item>
/// <item><b>Around the pod policy</b>: Spark confs that add volumes, Secrets or code-defined pod
/// changes to the driver and executors behind the pod templates' back. Refused unless the operator's
/// administrator lists them in <c>Policy:AllowedSparkConf</c>.</item>
/// <item><b>From the spec</b>: confs the operator derives from spec fields (resources, S3, GPUs). It
/// writes them before the user's sparkConf, which may override them.</item>
/// </list>
/// </summary>
public static class OperatorOwnedSparkConf
{
    /// <summary>Owned keys → what to use instead.</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["spark.master"] = "the operator submits to the cluster it runs in",
        ["spark.submit.deployMode"] = "spec.mode (only cluster is supported)",
        ["spark.kubernetes.namespace"] = "the SparkApplication's own namespace",
        ["spark.kubernetes.driver.master"] = "the driver talks to the cluster it runs in",
        ["spark.kubernetes.driver.podTemplateFile"] = "spec.driver",
        ["spark.kubernetes.executor.podTemplateFile"] = "spec.executor",
        ["spark.kubernetes.driver.podTemplateContainerName"] = "spec.driver",
        ["spark.kubernetes.executor.podTemplateContainerName"] = "spec.executor",
        ["spark.kubernetes.container.image"] = "spec.sparkImage",
        ["spark.kubernetes.driver.container.image"] = "spec.driver.image (or spec.sparkImage)",
        ["spark.kubernetes.executor.container.image"] = "spec.executor.image (or spec.sparkImage)",
        ["spark.kubernetes.driver.pod.name"] = "the operator names the driver pod per attempt",
        ["spark.kubernetes.executor.podNamePrefix"] = "the operator names the executor pods per attempt",
        ["spark.kubernetes.submission.waitAppCompletion"] = "the operator follows the driver pod itself",
        ["spark.jars.ivy"] = "the operator gives spark-submit and the driver a writable Ivy home for spec.deps.packages",
        ["spark.kubernetes.authenticate.driver.serviceAccountName"] = "spec.driver.serviceAccountName",
        ["spark.kubernetes.authenticate.executor.serviceAccountName"] = "spec.driver.serviceAccountName (the executors run as the driver's account)",
    };

    /// <summary>Owned key prefixes → what to use instead.</summary>
    public static IReadOnlyDictionary<string, string> Prefixes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["spark.kubernetes.authenticate."] = "the operator's identity and the service account it creates for the application",
    };

    /// <summary>Prefixes of Spark's label confs, whose suffix is a pod label key.</summary>
    public static IReadOnlyList<string> LabelPrefixes { get; } = ["spark.kubernetes.driver.label.", "spark.kubernetes.executor.label."];

    /// <summary>Prefixes of Spark's annotation confs, whose suffix is a pod annotation key.</summary>
    public static IReadOnlyList<string> AnnotationPrefixes { get; } = ["spark.kubernetes.driver.annotation.", "spark.kubernetes.executor.annotation."];

    /// <summary>Prefixes (or keys) of confs that change pods around the pod templates → what to use instead.</summary>
    public static IReadOnlyDictionary<string, string> AroundPodPolicy { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["spark.kubernetes.driver.volumes."] = "spec.volumes and spec.driver.volumeMounts",
        ["spark.kubernetes.executor.volumes."] = "spec.volumes and spec.executor.volumeMounts",
        ["spark.kubernetes.driver.secrets."] = "a secret volume in spec.volumes and spec.driver.volumeMounts",
        ["spark.kubernetes.executor.secrets."] = "a secret volume in spec.volumes and spec.executor.volumeMounts",
        ["spark.kubernetes.driver.secretKeyRef."] = "spec.driver.env with valueFrom.secretKeyRef",
        ["spark.kubernetes.executor.secretKeyRef."] = "spec.executor.env with valueFrom.secretKeyRef",
        ["spark.kubernetes.driver.pod.featureSteps"] = "spec.driver",
        ["spark.kubernetes.executor.pod.featureSteps"] = "spec.executor",
    };

    /// <summary>
    /// Confs (or prefixes ending in '.') the operator derives from spec fields, which sparkConf may
    /// override. Every conf the builders write is owned or listed here (a test holds them to it).
    /// </summary>
    public static IReadOnlyList<string> FromSpec { get; } =
    [
        "spark.kubernetes.executor.deleteOnTermination",
        "spark.kubernetes.container.image.pullPolicy",
        "spark.driver.cores", "spark.executor.cores",
        "spark.kubernetes.driver.request.cores", "spark.kubernetes.executor.request.cores",
        "spark.kubernetes.driver.limit.cores", "spark.kubernetes.executor.limit.cores",
        "spark.driver.memory", "spark.executor.memory", "spark.driver.memoryOverhead", "spark.executor.memoryOverhead",
        "spark.executor.instances",
        "spark.executor.resource.",
        "spark.hadoop.fs.s3a.endpoint", "spark.hadoop.fs.s3a.connection.ssl.enabled", "spark.hadoop.fs.s3a.endpoint.region",
        "spark.hadoop.fs.s3a.path.style.access", "spark.hadoop.fs.s3a.aws.credentials.provider",
        "spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions",
        OwnedSparkUi.ProxyBaseConf, OwnedSparkUi.ProxyRedirectUriConf,
        OwnedSparkUi.PrometheusEnabledConf, OwnedSparkUi.PrometheusSinkPrefix,
        "spark.eventLog.enabled", "spark.eventLog.dir",
    ];

    /// <summary>True (with the hint) when the operator owns <paramref name="key"/>: a user may never set it.</summary>
    public static bool IsOwned(string key, out string useInstead)
    {
        if (Keys.TryGetValue(key, out useInstead!))
        {
            return true;
        }

        foreach (var (prefix, hint) in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                useInstead = hint;
                return true;
            }
        }

        foreach (var prefix in LabelPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && OwnedLabels.IsOwned(key[prefix.Length..]))
            {
                useInstead = "the operator and Spark find pods by this label";
                return true;
            }
        }

        foreach (var prefix in AnnotationPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && OwnedLabels.IsSecurityAnnotation(key[prefix.Length..]))
            {
                useInstead = "the pods' security profiles are the operator's";
                return true;
            }
        }

        useInstead = "";
        return false;
    }

    /// <summary>True (with the hint) when <paramref name="key"/> would change pods around the pod templates and the pod policy.</summary>
    public static bool GoesAroundPodPolicy(string key, out string useInstead)
    {
        foreach (var (prefix, hint) in AroundPodPolicy)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                useInstead = hint;
                return true;
            }
        }

        useInstead = "";
        return false;
    }

    /// <summary>True when the operator derives <paramref name="key"/> from a spec field (sparkConf may override it).</summary>
    public static bool IsFromSpec(string key) =>
        FromSpec.Any(k => k.EndsWith('.') ? key.StartsWith(k, StringComparison.Ordinal) : key == k);
}
