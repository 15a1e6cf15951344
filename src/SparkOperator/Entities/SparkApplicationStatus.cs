using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("What the operator observed of the application. Written by the operator only.")]
public sealed class SparkApplicationStatus
{
    [Description("Pending, Submitted, Running, Succeeded, Failed or Unknown.")]
    public ApplicationPhase? Phase { get; set; }

    [ListMap("type")]
    [Description("Standard conditions: Submitted, Running, Completed, Failed, SpecChanged.")]
    public IList<V1Condition>? Conditions { get; set; }

    [Description("The metadata.generation this status was computed from.")]
    public long? ObservedGeneration { get; set; }

    [Description("The current attempt, counting from 1; each attempt has its own submit Job and driver pod.")]
    public int? Attempt { get; set; }

    [Description("Submissions that failed before a driver ran, counted against onSubmissionFailureRetries.")]
    public int? SubmissionAttempts { get; set; }

    [Description("Runs whose driver ran, counted against onFailureRetries.")]
    public int? ExecutionAttempts { get; set; }

    [Description("Name of the Job that runs spark-submit for the current attempt.")]
    public string? SubmitJobName { get; set; }

    [Description("Name of the driver pod of the current attempt.")]
    public string? DriverPodName { get; set; }

    [Description("Spark's application id (the driver pod's spark-app-selector label).")]
    public string? SparkApplicationId { get; set; }

    [Description("When the current attempt was submitted.")]
    public DateTime? StartTime { get; set; }

    [Description("When the application reached Succeeded or Failed.")]
    public DateTime? CompletionTime { get; set; }

    [Description("A human-readable explanation of the phase, e.g. spark-submit's error and exit code.")]
    public string? Message { get; set; }
}
