namespace SparkOperator.Spark;

/// <summary>
/// The history server's confs the operator writes from spec fields into its spark-defaults.conf:
/// a SparkHistoryServer's sparkConf may not set them (admission refuses them with the field to use).
/// </summary>
public static class OwnedHistoryConf
{
    public const string LogDirectory = "spark.history.fs.logDirectory";
    public const string UiPort = "spark.history.ui.port";
    public const string CleanerEnabled = "spark.history.fs.cleaner.enabled";
    public const string CleanerMaxAge = "spark.history.fs.cleaner.maxAge";
    public const string CleanerMaxNum = "spark.history.fs.cleaner.maxNum";

    /// <summary>The port the history server listens on, and its Service's port.</summary>
    public const int Port = 18080;

    /// <summary>Owned keys → what to use instead.</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [LogDirectory] = "spec.logFileDirectory",
        [UiPort] = "the Service's port, which the operator fixes",
        [CleanerEnabled] = "spec.cleaner.enabled",
        [CleanerMaxAge] = "spec.cleaner.maxAge",
        [CleanerMaxNum] = "spec.cleaner.maxNumApps",
    };
}
