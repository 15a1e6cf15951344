using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SparkOperator.Submission;

/// <summary>
/// Deterministic names of what one application and one attempt own. Each fits 63 characters
/// (a Job's name becomes a label value; a pod's name its hostname): a long application name is
/// cut and given a hash of the whole, so two long names never collide and the suffix survives.
/// </summary>
public static class ResourceNames
{
    public const int MaxLength = 63;

    /// <summary>Spark's own bound for spark.kubernetes.executor.podNamePrefix.</summary>
    public const int MaxExecutorPrefixLength = 47;

    /// <summary>How every ServiceAccount the operator makes ends, whatever the application's name.</summary>
    public const string ServiceAccountSuffix = "-spark";

    /// <summary>ServiceAccount, Role and RoleBinding shared by all attempts.</summary>
    public static string ServiceAccount(string app) => Fit(app, ServiceAccountSuffix);

    /// <summary>True when <paramref name="name"/> has the form of an account the operator makes (some application's).</summary>
    public static bool IsOperatorAccountName(string name) => name.EndsWith(ServiceAccountSuffix, StringComparison.Ordinal);

    /// <summary>The pod templates of one attempt.</summary>
    public static string PodTemplates(string app, int attempt) => Fit(app, $"-pod-templates-{N(attempt)}");

    /// <summary>The Job that runs spark-submit for one attempt.</summary>
    public static string SubmitJob(string app, int attempt) => Fit(app, $"-submit-{N(attempt)}");

    /// <summary>The driver pod of one attempt (spark.kubernetes.driver.pod.name).</summary>
    public static string DriverPod(string app, int attempt) => Fit(app, $"-{N(attempt)}-driver");

    /// <summary>
    /// Prefix of the executor pods of one attempt (Spark appends -exec-N). Spark demands a DNS
    /// label here, so dots become dashes.
    /// </summary>
    public static string ExecutorPodNamePrefix(string app, int attempt) =>
        Fit(app.Replace('.', '-'), $"-{N(attempt)}", MaxExecutorPrefixLength);

    /// <summary>
    /// The Service and Ingress of the application's Spark UI, shared by all attempts. A Service's
    /// name is a DNS-1035 label: a name with dots or a leading digit is made one and given a hash
    /// of the whole, so "a.b" and "a-b" never share a Service.
    /// </summary>
    public static string SparkUi(string app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var label = app.Replace('.', '-');
        if (label.Length > 0 && !char.IsAsciiLetter(label[0]))
        {
            label = "ui-" + label;
        }

        return label == app ? Fit(app, "-ui") : Cut(label, Hash(app), "-ui", MaxLength);
    }

    /// <summary>The app.kubernetes.io/instance label value: the name, or a cut and hashed one past 63.</summary>
    public static string InstanceLabel(string app) => Fit(app, "");

    /// <summary>
    /// <paramref name="name"/> + <paramref name="suffix"/> when that fits <paramref name="max"/>;
    /// else the name cut short, a dash, 8 hex digits of its SHA-256, then the suffix.
    /// </summary>
    public static string Fit(string name, string suffix, int max = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(suffix);
        if (name.Length + suffix.Length <= max)
        {
            return name + suffix;
        }

        return Cut(name, Hash(name), suffix, max);
    }

    private static string Hash(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];

    private static string Cut(string name, string hash, string suffix, int max)
    {
        var keep = Math.Min(name.Length, max - suffix.Length - hash.Length - 1);
        if (keep < 1)
        {
            throw new ArgumentException($"Suffix '{suffix}' leaves no room in {max} characters.", nameof(suffix));
        }

        // A cut may end on '-' or '.', which names must not do before our '-'.
        var head = name[..keep].TrimEnd('-', '.');
        return $"{head}-{hash}{suffix}";
    }

    private static string N(int attempt) => attempt.ToString(CultureInfo.InvariantCulture);
}
