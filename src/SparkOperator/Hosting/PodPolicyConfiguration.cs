using SparkOperator.Policy;

namespace SparkOperator.Hosting;

/// <summary>
/// Reads the <see cref="PodPolicy"/> from the <c>Policy</c> section (in the Deployment:
/// <c>Policy__AllowedVolumeTypes__0=configMap</c>, ...). A list given replaces its default whole.
/// </summary>
internal static class PodPolicyConfiguration
{
    public static PodPolicy Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(PodPolicy.Section);
        var defaults = PodPolicy.Default;
        return new PodPolicy
        {
            AllowedVolumeTypes = List(section, nameof(PodPolicy.AllowedVolumeTypes)) ?? defaults.AllowedVolumeTypes,
            AllowedHostPathPrefixes = List(section, nameof(PodPolicy.AllowedHostPathPrefixes)) ?? defaults.AllowedHostPathPrefixes,
            AllowedSparkConf = List(section, nameof(PodPolicy.AllowedSparkConf)) ?? defaults.AllowedSparkConf,
            PodOverridesLevel = Level(section) ?? defaults.PodOverridesLevel,
            AllowAnyServiceAccount = section.GetValue(nameof(PodPolicy.AllowAnyServiceAccount), defaults.AllowAnyServiceAccount),
            AllowedServiceAccountAnnotationPrefixes = List(section, nameof(PodPolicy.AllowedServiceAccountAnnotationPrefixes)) ?? defaults.AllowedServiceAccountAnnotationPrefixes,
            RunAsUser = section.GetValue(nameof(PodPolicy.RunAsUser), defaults.RunAsUser),
            RunAsGroup = section.GetValue(nameof(PodPolicy.RunAsGroup), defaults.RunAsGroup),
        };
    }

    private static PodOverridesLevel? Level(IConfigurationSection section) =>
        section[nameof(PodPolicy.PodOverridesLevel)] is { Length: > 0 } text
            ? Enum.TryParse<PodOverridesLevel>(text.Trim(), ignoreCase: true, out var level) && Enum.IsDefined(level)
                ? level
                : throw new InvalidOperationException($"{PodPolicy.PodOverridesLevelSetting}: '{text}' is not one of restricted, baseline, privileged")
            : null;

    // Both spellings work: indexed children (Policy:AllowedVolumeTypes:0) and one comma-separated value.
    private static string[]? List(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        var items = child.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToArray();
        if (items.Length > 0)
        {
            return items;
        }

        return child.Value is { } value
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
    }
}
