namespace SparkOperator.Spark;

/// <summary>
/// Environment variables the operator sets in the containers it builds, after the user's (so its
/// values win). Which ones depends on the spec; a user's env of the same name would be silently
/// replaced, so admission refuses it.
/// </summary>
public static class OwnedEnv
{
    public const string AccessKey = "AWS_ACCESS_KEY_ID";
    public const string SecretKey = "AWS_SECRET_ACCESS_KEY";
    public const string PythonPath = "PYTHONPATH";

    /// <summary>The submit container's JVM options. The operator sets a default and the job's env may replace it.</summary>
    public const string SubmitOptions = "SPARK_SUBMIT_OPTS";

    /// <summary>Keeps Spark's daemon scripts in the foreground (the history server's container).</summary>
    public const string NoDaemonize = "SPARK_NO_DAEMONIZE";

    /// <summary>The names the operator sets for a spec with S3 credentials and/or Python requirements.</summary>
    public static IReadOnlyList<string> Names(bool s3Credentials, bool requirements) =>
        [.. s3Credentials ? new[] { AccessKey, SecretKey } : [], .. requirements ? new[] { PythonPath } : []];
}
