using FluentValidation;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>Rules on label and annotation maps a spec puts on pods (role labels, podOverrides' metadata, node selectors).</summary>
internal static class MetadataRules
{
    public static void OwnedLabels<T>(IDictionary<string, string>? labels, string path, ValidationContext<T> context)
    {
        foreach (var key in (labels?.Keys ?? []).Where(Spark.OwnedLabels.IsOwned).Take(ValidationLimits.MaxItems))
        {
            context.Fail($"{path}[{key}]", "is a label the operator and Spark find pods by; use another key");
        }
    }

    public static void SecurityAnnotations<T>(IDictionary<string, string>? annotations, string path, ValidationContext<T> context)
    {
        foreach (var key in (annotations?.Keys ?? []).Where(Spark.OwnedLabels.IsSecurityAnnotation).Take(ValidationLimits.MaxItems))
        {
            context.Fail($"{path}[{key}]", "sets a security profile the kubelet applies; the operator's pods keep their hardened security context");
        }
    }

    public static void Keys<T>(IDictionary<string, string>? labels, bool checkValues, string path, ValidationContext<T> context)
    {
        if (labels is null || !SpecRules.WithinCount(labels.Count, path, context))
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            context.ThrowIfCancellationRequested();
            var at = $"{path}[{SpecRules.Shorten(key)}]";
            if (key is { Length: > KubernetesNames.MaxQualifiedNameLength })
            {
                context.Fail(at, $"is not a valid key: at most {KubernetesNames.MaxQualifiedNameLength} characters ({KubernetesNames.MaxSubdomainLength} of prefix, '/', {KubernetesNames.MaxLabelLength} of name), has {key.Length}");
            }
            else if (!KubernetesNames.IsQualifiedName(key))
            {
                context.Fail(at, "is not a valid key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'");
            }
            else if (checkValues && value is { Length: > KubernetesNames.MaxLabelLength })
            {
                context.Fail(at, $"must be at most {KubernetesNames.MaxLabelLength} characters, the limit for a label value; has {value.Length}");
            }
            else if (checkValues && !KubernetesNames.IsLabelValue(value))
            {
                context.Fail(at, $"'{SpecRules.Shorten(value)}' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }
            else if (!checkValues && value is { Length: > ValidationLimits.MaxValueLength })
            {
                context.Fail(at, $"must be at most {ValidationLimits.MaxValueLength} characters");
            }
        }
    }
}
