using System.Globalization;
using SparkOperator.Entities;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.History;

/// <summary>The history server's spark-defaults.conf.</summary>
internal static class HistoryServerConf
{
    /// <summary>
    /// S3 endpoint settings first (sparkConf may override them, as in an application), then the
    /// user's sparkConf, then what the operator owns, last so that it wins.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Entries(SparkHistoryServer server)
    {
        var spec = server.Spec;
        if (spec.LogFileDirectory.S3 is not null)
        {
            foreach (var conf in SparkSubmitArguments.S3Confs(spec.S3connection))
            {
                yield return conf;
            }
        }

        foreach (var conf in (spec.SparkConf ?? new Dictionary<string, string>()).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            yield return conf;
        }

        yield return new(OwnedHistoryConf.LogDirectory, EventLogLocation.Uri(spec.LogFileDirectory));
        yield return new(OwnedHistoryConf.UiPort, OwnedHistoryConf.Port.ToString(CultureInfo.InvariantCulture));
        if (spec.Cleaner is { } cleaner)
        {
            yield return new(OwnedHistoryConf.CleanerEnabled, cleaner.Enabled == true ? "true" : "false");
            if (!string.IsNullOrEmpty(cleaner.MaxAge))
            {
                yield return new(OwnedHistoryConf.CleanerMaxAge, cleaner.MaxAge);
            }

            if (cleaner.MaxNumApps is { } count)
            {
                yield return new(OwnedHistoryConf.CleanerMaxNum, count.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    public static string Text(SparkHistoryServer server) => PropertiesFile.Write(Entries(server));

    public static bool CleanerEnabled(SparkHistoryServer server) => server.Spec.Cleaner?.Enabled == true;
}
