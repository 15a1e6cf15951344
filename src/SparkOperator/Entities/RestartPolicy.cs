using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Whether and when the operator runs an application again. Each new attempt submits again and gets a new driver.")]
public sealed class RestartPolicy
{
    [Description("Never (default), OnFailure or Always.")]
    public RestartPolicyType? Type { get; set; }

    [Range(minimum: 0)]
    [Description("How many times a failed run (the driver failed) is retried. Unset: none with OnFailure, without limit with Always.")]
    public int? OnFailureRetries { get; set; }

    [Range(minimum: 1)]
    [Description("Seconds to wait before retrying a failed run (at least 1). Defaults to 5.")]
    public long? OnFailureRetryIntervalSeconds { get; set; }

    [Range(minimum: 0)]
    [Description("How many times a failed submission (spark-submit failed before a driver ran) is retried. Unset: none with OnFailure, without limit with Always.")]
    public int? OnSubmissionFailureRetries { get; set; }

    [Range(minimum: 1)]
    [Description("Seconds to wait before retrying a failed submission (at least 1). Defaults to 5.")]
    public long? OnSubmissionFailureRetryIntervalSeconds { get; set; }
}
