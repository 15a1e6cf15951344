using SparkOperator.Hosting;
using SparkOperator.Submission;

namespace SparkOperator.Cli;

/// <summary>
/// <c>render --set KEY=VALUE</c>: operator settings read and checked as the running operator reads
/// them, so render shows what that configuration builds (the UI's Ingress, the pod policy's identity).
/// </summary>
internal static class RenderSettings
{
    /// <exception cref="ArgumentException">An item is not KEY=VALUE.</exception>
    /// <exception cref="InvalidOperationException">A setting's value is refused, as at the operator's start.</exception>
    public static SubmissionOptions Read(IEnumerable<string> items)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq < 1)
            {
                throw new ArgumentException($"--set {item}: expected KEY=VALUE, e.g. SparkUi:Ingress:Host={{name}}.{{namespace}}.spark.example.com");
            }

            values[item[..eq].Trim()] = item[(eq + 1)..];
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return OperatorSettings.ReadSubmission(configuration, PodPolicyConfiguration.Read(configuration));
    }
}
