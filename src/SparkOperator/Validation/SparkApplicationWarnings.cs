using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>What is allowed but probably not meant: shown by kubectl as <c>Warning: ...</c>.</summary>
internal static class SparkApplicationWarnings
{
    private const int MaxArgumentWarnings = 10;

    public static IReadOnlyList<string> For(SparkApplicationSpec spec)
    {
        var warnings = new List<string>();
        MutableImage("spec.sparkImage", spec.SparkImage, spec.SparkImagePullPolicy, warnings);
        MutableImage("spec.image", spec.Image, spec.SparkImagePullPolicy, warnings);

        // kubectl prints every warning on its own line; a few are useful, hundreds are noise.
        var quoted = (spec.Args ?? []).Take(ValidationLimits.MaxItems).Select((arg, i) => (arg, i)).Where(a => a.arg is not null && ArgumentQuotes.IsWrapped(a.arg)).ToList();
        foreach (var (arg, i) in quoted.Take(MaxArgumentWarnings))
        {
            warnings.Add($"spec.args[{i}]: is wrapped in quotes, which the operator removes (arguments are passed without a shell): the application receives {SpecRules.Shorten(ArgumentQuotes.Unwrap(arg))}");
        }

        if (quoted.Count > MaxArgumentWarnings)
        {
            warnings.Add($"spec.args: {quoted.Count - MaxArgumentWarnings} more arguments are wrapped in quotes and will be unwrapped");
        }

        // An item like "--input 's3a://b/x.csv'" was written for a shell: without one, the
        // application gets one argument with the space and the quotes in it.
        var partlyQuoted = (spec.Args ?? []).Take(ValidationLimits.MaxItems).Select((arg, i) => (arg, i))
            .Where(a => a.arg is not null && !ArgumentQuotes.IsWrapped(a.arg) && ArgumentQuotes.HasQuotedPart(a.arg)).ToList();
        foreach (var (arg, i) in partlyQuoted.Take(MaxArgumentWarnings))
        {
            warnings.Add($"spec.args[{i}]: {SpecRules.Shorten(arg)} contains quotes, which reach the application literally as part of one argument (there is no shell); write each argument as its own list item without quotes, e.g. [\"--input\", \"s3a://bucket/file.csv\"]");
        }

        if (partlyQuoted.Count > MaxArgumentWarnings)
        {
            warnings.Add($"spec.args: {partlyQuoted.Count - MaxArgumentWarnings} more arguments contain quotes that reach the application literally");
        }

        return warnings;
    }

    // A tag that moves (latest, or none) with a policy that keeps what a node has cached can run
    // different images on different nodes, or an old one for a long time.
    private static void MutableImage(string path, string? image, ImagePullPolicy? policy, List<string> warnings)
    {
        if (string.IsNullOrEmpty(image) || policy == ImagePullPolicy.Always
            || !ImageReference.TryParse(image, out var parts, out _) || !parts!.IsMutable)
        {
            return;
        }

        var tag = parts.Tag is null ? "has no tag (so :latest)" : "uses the tag latest";
        var how = policy is null ? "sparkImagePullPolicy is not set" : $"sparkImagePullPolicy is {policy}";
        warnings.Add($"{path}: {image} {tag} and {how}: nodes may run different or stale versions of the image; pin a version tag or digest, or set sparkImagePullPolicy: Always");
    }
}
