namespace SparkOperator.Spark;

/// <summary>
/// Label keys the operator and Spark find pods by. The operator sets them on everything it builds
/// and tracks drivers, executors and submit pods by them (and Spark by its own), so a user's pod
/// labels and Spark's <c>spark.kubernetes.{driver,executor}.label.*</c> confs may not carry them.
/// </summary>
public static class OwnedLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Component = "app.kubernetes.io/component";
    public const string Attempt = "sparkoperator.dev/attempt";

    /// <summary>Spark's application id on the driver and executors; the operator deletes executors by it.</summary>
    public const string SparkAppSelector = "spark-app-selector";

    /// <summary>Spark's role label (driver or executor).</summary>
    public const string SparkRole = "spark-role";

    /// <summary>Spark's executor number on executor pods.</summary>
    public const string SparkExecutorId = "spark-exec-id";

    /// <summary>
    /// The mark a namespace's admin puts on a ServiceAccount (with value <see cref="UsableBySparkApplicationsValue"/>)
    /// so that SparkApplications of that namespace may name it in driver.serviceAccountName. Not a
    /// label pods are found by, so not among <see cref="Keys"/>; the operator never sets it.
    /// </summary>
    public const string UsableBySparkApplications = "sparkoperator.dev/usable-by-spark-applications";

    /// <summary>The value of <see cref="UsableBySparkApplications"/> that marks an account.</summary>
    public const string UsableBySparkApplicationsValue = "true";

    /// <summary>All of them.</summary>
    public static IReadOnlyList<string> Keys { get; } = [Name, Instance, ManagedBy, Component, Attempt, SparkAppSelector, SparkRole, SparkExecutorId];

    /// <summary>True when <paramref name="key"/> is one of them.</summary>
    public static bool IsOwned(string key) => Keys.Contains(key, StringComparer.Ordinal);

    /// <summary>
    /// Annotation prefixes the kubelet reads as security settings (AppArmor and seccomp profiles per
    /// container or pod): through them an annotation could undo the hardened security context.
    /// </summary>
    public static IReadOnlyList<string> SecurityAnnotationPrefixes { get; } =
        ["container.apparmor.security.beta.kubernetes.io/", "seccomp.security.alpha.kubernetes.io/", "container.seccomp.security.alpha.kubernetes.io/"];

    /// <summary>True when <paramref name="key"/> is an annotation the kubelet reads as a security setting.</summary>
    public static bool IsSecurityAnnotation(string key) =>
        SecurityAnnotationPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));
}
