namespace SparkOperator.Spark;

/// <summary>
/// Directories the operator mounts into the pods it creates. User volumeMounts may not be placed on,
/// above or below them (the webhook rejects that), so the builders can rely on them being free.
/// </summary>
public static class ReservedPaths
{
    /// <summary>Driver and executor pod templates, mounted from a ConfigMap into the submitting Job's pod.</summary>
    public const string PodTemplates = "/etc/spark/pod-templates";

    /// <summary>Python packages installed from deps.requirements, on PYTHONPATH of the driver and executors.</summary>
    public const string Requirements = "/spark/requirements";

    /// <summary>Artifacts copied from the job image's /jobs directory.</summary>
    public const string Jobs = "/spark/jobs";

    /// <summary>Ivy cache and home for resolving deps.packages.</summary>
    public const string Ivy = "/spark/ivy2";

    /// <summary>All of them.</summary>
    public static IReadOnlyList<string> All { get; } = [PodTemplates, Requirements, Jobs, Ivy];
}
