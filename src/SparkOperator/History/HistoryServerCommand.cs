using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.History;

/// <summary>
/// How the history server's container starts Spark's HistoryServer in the foreground: spark-class
/// from the image's SPARK_HOME (else the first published layout that has it), found by a fixed
/// script as the submit container finds spark-submit; the arguments are positionals, never parsed
/// by a shell.
/// </summary>
public static class HistoryServerCommand
{
    public const string MainClass = "org.apache.spark.deploy.history.HistoryServer";

    public static string Script { get; } = ImageLayout.FindInSparkHome("spark-class");

    /// <summary>$0 of the script, for ps.</summary>
    public const string ProgramName = "spark-history-server";

    public static List<string> Command => ["sh", "-c", Script, ProgramName];

    public static List<string> Arguments =>
        [MainClass, "--properties-file", OwnedPaths.HistoryConfDirectory + "/" + OwnedPaths.HistoryConfFile];
}
