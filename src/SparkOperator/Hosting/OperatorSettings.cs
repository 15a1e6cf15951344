using k8s.Models;
using SparkOperator.Lifecycle;
using SparkOperator.Policy;
using SparkOperator.Submission;

namespace SparkOperator.Hosting;

/// <summary>
/// Reads the operator-wide settings that shape every tenant's submission (sections <c>Spark</c>,
/// <c>SubmitPod</c>, <c>Lifecycle</c>). A value that cannot be used stops the operator at start with
/// the setting's name: read leniently, it would break every application's Job at once, far from
/// the setting that caused it.
/// </summary>
internal static class OperatorSettings
{
    /// <summary>The driver start timeout of applications that set none (a TimeSpan, e.g. 00:10:00; 0 turns it off).</summary>
    public const string DefaultDriverStartTimeoutKey = "Lifecycle:DefaultDriverStartTimeout";

    /// <summary>How often an application waiting for the ServiceAccount it names looks at it again (a TimeSpan).</summary>
    public const string ServiceAccountRecheckIntervalKey = "Lifecycle:ServiceAccountRecheckInterval";

    public static SubmissionOptions ReadSubmission(IConfiguration configuration, PodPolicy policy)
    {
        var spark = configuration.GetSection("Spark");
        return new SubmissionOptions
        {
            SparkSubmitPath = ImagePath(spark, "SubmitPath"),
            JavaCacertsPath = ImagePath(spark, "JavaCacertsPath"),
            GpuDiscoveryScript = ImagePath(spark, "GpuDiscoveryScript"),
            Policy = policy,
            SubmitPod = ReadSubmitPod(configuration.GetSection(SubmitPodDefaults.Section)),
            SparkUi = SparkUiConfiguration.Read(configuration),
        };
    }

    public static LifecycleSettings ReadLifecycle(IConfiguration configuration)
    {
        var defaults = new LifecycleSettings();
        return defaults with
        {
            DefaultDriverStartTimeout = Duration(configuration, DefaultDriverStartTimeoutKey, defaults.DefaultDriverStartTimeout, TimeSpan.Zero, "a non-negative TimeSpan such as 00:10:00 (00:00:00 turns the default off)"),
            ServiceAccountRecheckInterval = Duration(configuration, ServiceAccountRecheckIntervalKey, defaults.ServiceAccountRecheckInterval, TimeSpan.FromSeconds(1), "a TimeSpan of at least 00:00:01"),
        };
    }

    private static TimeSpan Duration(IConfiguration configuration, string key, TimeSpan fallback, TimeSpan minimum, string expected)
    {
        var raw = configuration[key];
        if (raw is null)
        {
            return fallback;
        }

        return TimeSpan.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw Invalid(key, raw, expected);
    }

    // A path inside the tenant's image, run or read there as given: relative, it would depend on
    // the image's working directory. Empty means unset (the operator finds or ships it).
    private static string? ImagePath(IConfigurationSection section, string key)
    {
        var value = section[key]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.StartsWith('/') ? value : throw Invalid($"{section.Path}:{key}", value, "an absolute path inside the Spark image, or empty to leave it unset");
    }

    private static SubmitPodDefaults ReadSubmitPod(IConfigurationSection section) => new()
    {
        CpuRequest = Quantity(section, nameof(SubmitPodDefaults.CpuRequest), SubmitPodDefaults.Default.CpuRequest),
        CpuLimit = Quantity(section, nameof(SubmitPodDefaults.CpuLimit), SubmitPodDefaults.Default.CpuLimit),
        Memory = Quantity(section, nameof(SubmitPodDefaults.Memory), SubmitPodDefaults.Default.Memory),
    };

    // An empty value is documented as "leave that resource unset"; anything else must be a quantity
    // the API server accepts.
    private static string Quantity(IConfigurationSection section, string key, string fallback)
    {
        var value = section[key];
        if (value is null)
        {
            return fallback;
        }

        value = value.Trim();
        if (value.Length == 0)
        {
            return value;
        }

        try
        {
            _ = new ResourceQuantity(value).ToDecimal();
            return value;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw Invalid($"{section.Path}:{key}", value, "a Kubernetes quantity such as 500m or 1Gi, or empty to leave it unset");
        }
    }

    private static InvalidOperationException Invalid(string setting, string value, string expected) =>
        new($"Setting {setting} is '{value}', not {expected}.");
}
