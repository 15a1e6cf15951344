using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("What the operator observed of the application. Written by the operator only.")]
public sealed class SparkApplicationStatus
{
    [Description("Pending, Submitted, Running, Succeeded, Failed or Unknown.")]
    public ApplicationPhase? Phase { get; set; }

    [ListMap("type")]
    [Description("Standard conditions: Submitted, Running, Succeeded, Failed and SpecChanged, each True or False with a reason.")]
    public IList<V1Condition>? Conditions { get; set; }

    [Description("The metadata.generation this status was computed from.")]
    public long? ObservedGeneration { get; set; }

    [Description("Attempts started so far; the current attempt's number. Each attempt has its own submit Job and driver pod.")]
    public int? Attempt { get; set; }

    [Description("Failed submissions so far (spark-submit failed, or no driver appeared), counted against onSubmissionFailureRetries.")]
    public int? SubmissionAttempts { get; set; }

    [Description("Failed runs so far (the driver failed, was lost or did not start in time), counted against onFailureRetries.")]
    public int? ExecutionAttempts { get; set; }

    [Description("Name of the Job that runs spark-submit for the current attempt.")]
    public string? SubmitJobName { get; set; }

    [Description("Name of the driver pod of the current attempt.")]
    public string? DriverPodName { get; set; }

    [Description("Spark's application id (the driver pod's spark-app-selector label).")]
    public string? SparkApplicationId { get; set; }

    [Description("When the current attempt was submitted.")]
    public DateTime? StartTime { get; set; }

    [Description("When the next attempt is due, while the application waits to be run again.")]
    public DateTime? NextAttemptTime { get; set; }

    [Description("When the application reached Succeeded or Failed.")]
    public DateTime? CompletionTime { get; set; }

    [Description("A human-readable explanation of the phase, e.g. spark-submit's error and exit code.")]
    public string? Message { get; set; }

    [Description("The Service and URL of the Spark UI, when spec.sparkUi asks for it.")]
    public SparkUiStatus? SparkUi { get; set; }
}
