namespace SparkOperator.Submission;

/// <summary>Volume names, mount paths and file names the built objects agree on.</summary>
public static class SubmissionPaths
{
    /// <summary>The container Spark takes from the pod templates (…podTemplateContainerName).</summary>
    public const string SparkContainer = "spark";

    /// <summary>The container of the submit Job's pod.</summary>
    public const string SubmitContainer = "spark-submit";

    public const string PodTemplatesVolume = "spark-pod-templates";
    public const string PodTemplatesDirectory = "/spark/pod-templates";
    public const string DriverTemplateFile = "driver-pod-template.yaml";
    public const string ExecutorTemplateFile = "executor-pod-template.yaml";

    /// <summary>Writable Ivy home for --packages (spark-submit and the driver both resolve).</summary>
    public const string IvyVolume = "spark-ivy";
    public const string IvyDirectory = "/spark/ivy";

    /// <summary>Artifacts copied from spec.image's /jobs.</summary>
    public const string JobsVolume = "spark-jobs";
    public const string JobsDirectory = "/spark/jobs";
    public const string JobsSourceDirectory = "/jobs";

    /// <summary>pip --target of deps.requirements, put on PYTHONPATH.</summary>
    public const string PythonDepsVolume = "spark-python-deps";
    public const string PythonDepsDirectory = "/spark/python-deps";
}
