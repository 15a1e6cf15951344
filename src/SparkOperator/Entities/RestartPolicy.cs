using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Whether and when the operator runs an application again. Each new attempt submits again and gets a new driver.")]
public sealed class RestartPolicy
{
    [Description("Never (default), OnFailure or Always.")]
    public RestartPolicyType? Type { get; set; }

    [Range(minimum: 0)]
    [Description("With OnFailure: how many times a failed run (the driver failed) is retried.")]
    public int? OnFailureRetries { get; set; }

    [Range(minimum: 0)]
    [Description("Seconds to wait before retrying a failed run. Defaults to 5.")]
    public long? OnFailureRetryIntervalSeconds { get; set; }

    [Range(minimum: 0)]
    [Description("With OnFailure or Always: how many times a failed submission (spark-submit failed before a driver ran) is retried.")]
    public int? OnSubmissionFailureRetries { get; set; }

    [Range(minimum: 0)]
    [Description("Seconds to wait before retrying a failed submission. Defaults to 5.")]
    public long? OnSubmissionFailureRetryIntervalSeconds { get; set; }
}
