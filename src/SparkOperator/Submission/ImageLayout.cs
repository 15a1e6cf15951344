namespace SparkOperator.Submission;

/// <summary>
/// Where Spark and the JVM live inside sparkImage. Published Spark images differ: apache/spark and
/// Kubeflow's spark images keep Spark under /opt/spark, Stackable's under /stackable/spark, and each
/// ships its own JDK. Rather than one fixed path per operator, the containers ask the image at start:
/// a fixed shell script reads SPARK_HOME (or JAVA_HOME) and execs the tool, and every value the
/// operator passes is a positional argument ("$@"), so no value is ever parsed by a shell.
/// </summary>
internal static class ImageLayout
{
    /// <summary>Spark's home when the image sets no SPARK_HOME and none of the known homes has spark-submit.</summary>
    public const string DefaultSparkHome = "/opt/spark";

    /// <summary>
    /// Finds spark-submit from the image's SPARK_HOME; an image without SPARK_HOME gets the first of
    /// the published layouts that has spark-submit, then /opt/spark (whose "not found" names the path).
    /// </summary>
    public static string SubmitScript { get; } = FindInSparkHome("spark-submit");

    /// <summary>
    /// Execs <paramref name="tool"/> of the image's Spark (bin/spark-submit, bin/spark-class) with the
    /// script's positionals, found as <see cref="SubmitScript"/> finds spark-submit.
    /// </summary>
    public static string FindInSparkHome(string tool) =>
        "home=\"${SPARK_HOME:-}\"; "
        + $"if [ -z \"$home\" ]; then for h in /opt/spark /stackable/spark; do if [ -x \"$h/bin/{tool}\" ]; then home=\"$h\"; break; fi; done; fi; "
        + "exec \"${home:-" + DefaultSparkHome + "}/bin/" + tool + "\" \"$@\"";

    /// <summary>
    /// Copies the JVM's default CA store into the truststore: the image's JAVA_HOME, else the JDK of
    /// the java on PATH (symlinks resolved, as Debian's and Red Hat's alternatives link it).
    /// </summary>
    public const string CacertsImportScript =
        "jh=\"${JAVA_HOME:-}\"; "
        + "if [ -z \"$jh\" ]; then j=$(command -v java) && jh=$(dirname \"$(dirname \"$(readlink -f \"$j\")\")\"); fi; "
        + "exec keytool -importkeystore -noprompt -srckeystore \"$jh/lib/security/cacerts\" \"$@\"";

    /// <summary>
    /// $0 of the script. The kit's spark-submit runner (and anyone reading ps) recognises the
    /// container by a word that is exactly spark-submit.
    /// </summary>
    public const string SubmitProgramName = "spark-submit";

    /// <summary>The submit container's command; its args are spark-submit's argv, unchanged.</summary>
    public static List<string> SubmitCommand(SubmissionOptions options) =>
        options.SparkSubmitPath is { Length: > 0 } path ? [path] : ["sh", "-c", SubmitScript, SubmitProgramName];

    /// <summary>keytool -importkeystore of the image's default CAs; the arguments follow as positionals.</summary>
    public static List<string> CacertsImportCommand(SubmissionOptions options, IEnumerable<string> arguments) =>
        options.JavaCacertsPath is { Length: > 0 } path
            ? ["keytool", "-importkeystore", "-noprompt", "-srckeystore", path, .. arguments]
            : ["sh", "-c", CacertsImportScript, "keytool", .. arguments];
}
