using FluentValidation;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>
/// Rules on one role (driver, executor or the submitting Job): resources that fit together, mounts of
/// declared volumes, valid labels. Built per validation because mounts are checked against spec.volumes.
/// </summary>
internal sealed class RoleSpecValidator : AbstractValidator<RoleSpec>
{
    // Spark requests spark.{driver,executor}.cores (default 1) as the pod's CPU request.
    private const int DefaultCores = 1;

    // The submit pod's CPU request when spec.job sets none: the operator's default, which a limit
    // is never checked against (the default request is lowered to a smaller limit instead).
    private readonly bool isJob;

    public RoleSpecValidator(SparkApplicationSpec spec, bool isJob = false)
    {
        this.isJob = isJob;
        RuleFor(r => r.Image).Custom(CheckImage);
        RuleFor(r => r.Cores).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
        RuleFor(r => r.CoreRequest).Custom(CheckCoreRequest);
        RuleFor(r => r.CoreLimit).Custom(CheckCoreLimit);
        RuleFor(r => r.Memory).Custom(CheckSparkMemory);
        RuleFor(r => r.MemoryOverhead).Custom(CheckSparkMemory);
        RuleFor(r => r.Resources).Custom(CheckResources);
        RuleFor(r => r.VolumeMounts).Custom((mounts, context) => VolumeRules.Mounts(mounts, spec, context));
        RuleFor(r => r.Env).Custom((env, context) => SpecRules.Env(env, SpecRules.OwnedEnv(spec), context));
        RuleFor(r => r.NodeSelector).Custom((labels, context) => CheckLabels(labels, checkValues: true, context));
        RuleFor(r => r.Labels).Custom((labels, context) => CheckLabels(labels, checkValues: true, context));
        RuleFor(r => r.Labels).Custom(CheckOwnedLabels);
        RuleFor(r => r.Annotations).Custom(CheckSecurityAnnotations);
        RuleFor(r => r.Annotations).Custom((annotations, context) => CheckLabels(annotations, checkValues: false, context));
        RuleFor(r => r.Tolerations).Must(t => t is null || t.Count <= ValidationLimits.MaxItems).WithMessage($"must have at most {ValidationLimits.MaxItems} items");
    }

    private static void CheckImage(string? image, ValidationContext<RoleSpec> context)
    {
        if (image is null)
        {
            return;
        }

        if (image.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail(context.PropertyPath, $"must be at most {ValidationLimits.MaxStringLength} characters");
        }
        else if (!ImageReference.TryParse(image, out _, out var problem))
        {
            context.Fail(context.PropertyPath, $"'{image}' is not a valid image reference: {problem}; leave it unset to use spec.sparkImage");
        }
    }

    private static void CheckCoreRequest(IntOrString? coreRequest, ValidationContext<RoleSpec> context) =>
        ParseCpu(coreRequest, "250m, 1 or 1.5", context);

    /// <summary>The limit holds the pod's CPU request: coreRequest, else cores, else Spark's default.</summary>
    private void CheckCoreLimit(IntOrString? coreLimit, ValidationContext<RoleSpec> context)
    {
        if (ParseCpu(coreLimit, "1, 2 or 1500m", context) is not { } limit)
        {
            return;
        }

        var text = coreLimit!.Value;
        var role = context.InstanceToValidate;
        if (role.CoreRequest?.Value is { } requestText)
        {
            if (KubernetesQuantity.TryParse(requestText, out var request) && request > limit)
            {
                context.Fail(context.PropertyPath, $"{text} is less than coreRequest ({requestText}): the role does not fit in its limit; raise coreLimit or lower coreRequest");
            }
        }
        else if (role.Cores is >= 1 && role.Cores.Value > limit)
        {
            context.Fail(context.PropertyPath, $"{text} is less than the CPU request, which is cores ({role.Cores}) when coreRequest is not set, so the role does not fit in its limit: set coreRequest (e.g. {text} or less) to request less CPU than cores, or raise coreLimit");
        }
        else if (role.Cores is null && !isJob && DefaultCores > limit)
        {
            context.Fail(context.PropertyPath, $"{text} is less than the {DefaultCores} core Spark requests when neither coreRequest nor cores is set, so the role does not fit in its limit: set coreRequest (e.g. {text}) or raise coreLimit");
        }
    }

    /// <summary>A positive CPU quantity, or null (with a failure when it is not one).</summary>
    private static decimal? ParseCpu(IntOrString? quantity, string examples, ValidationContext<RoleSpec> context)
    {
        if (quantity?.Value is not { } text)
        {
            return null;
        }

        if (text.Length > KubernetesQuantity.MaxLength)
        {
            context.Fail(context.PropertyPath, $"must be at most {KubernetesQuantity.MaxLength} characters, the limit for a quantity; has {text.Length}");
            return null;
        }

        if (!KubernetesQuantity.TryParse(text, out var value) || value <= 0)
        {
            context.Fail(context.PropertyPath, $"'{SpecRules.Shorten(text)}' is not a positive Kubernetes quantity such as {examples}");
            return null;
        }

        return value;
    }

    private static void CheckSparkMemory(string? memory, ValidationContext<RoleSpec> context)
    {
        if (memory is { Length: > SparkMemory.MaxLength })
        {
            context.Fail(context.PropertyPath, $"must be at most {SparkMemory.MaxLength} characters, the limit for a size in Spark's notation; has {memory.Length}");
        }
        else if (memory is not null && (!SparkMemory.TryParseMebibytes(memory, out var mebibytes) || mebibytes <= 0))
        {
            context.Fail(context.PropertyPath, $"'{SpecRules.Shorten(memory)}' is not a size in Spark's notation, e.g. 512m or 2g (binary units k, m, g, t, p)");
        }
    }

    private void CheckResources(V1ResourceRequirements? resources, ValidationContext<RoleSpec> context)
    {
        if (resources is null)
        {
            return;
        }

        var requests = Parse(resources.Requests, $"{context.PropertyPath}.requests", context);
        var limits = Parse(resources.Limits, $"{context.PropertyPath}.limits", context);
        foreach (var (name, request) in requests)
        {
            if (limits.TryGetValue(name, out var limit) && request > limit)
            {
                context.Fail($"{context.PropertyPath}.requests[{name}]", $"must be less than or equal to the limit {resources.Limits![name]}");
            }
        }

        // Spark writes the CPU request from coreRequest, else cores (default 1), over the template's.
        var role = context.InstanceToValidate;
        decimal? cpuRequest = role.CoreRequest?.Value is { } requestText
            ? KubernetesQuantity.TryParse(requestText, out var parsedRequest) ? parsedRequest : null
            : role.Cores ?? (isJob ? null : DefaultCores);
        if (limits.TryGetValue("cpu", out var cpuLimit) && cpuRequest > cpuLimit)
        {
            context.Fail($"{context.PropertyPath}.limits[cpu]", $"{resources.Limits!["cpu"]} is less than the CPU request ({cpuRequest} core(s), from coreRequest, else cores): the role does not fit in its limit");
        }
    }

    private static Dictionary<string, decimal> Parse(IDictionary<string, ResourceQuantity>? quantities, string path, ValidationContext<RoleSpec> context)
    {
        var parsed = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (quantities is null || !SpecRules.WithinCount(quantities.Count, context))
        {
            return parsed;
        }

        foreach (var (name, quantity) in quantities)
        {
            context.ThrowIfCancellationRequested();
            if (name is { Length: > KubernetesNames.MaxQualifiedNameLength })
            {
                context.Fail($"{path}[{SpecRules.Shorten(name)}]", $"is not a valid resource name: at most {KubernetesNames.MaxQualifiedNameLength} characters, has {name.Length}");
            }
            else if (string.IsNullOrEmpty(name) || !KubernetesNames.IsQualifiedName(name))
            {
                context.Fail($"{path}[{SpecRules.Shorten(name)}]", "is not a valid resource name");
            }
            else if (quantity?.ToString() is { Length: > KubernetesQuantity.MaxLength } text)
            {
                context.Fail($"{path}[{name}]", $"must be at most {KubernetesQuantity.MaxLength} characters, the limit for a quantity; has {text.Length}");
            }
            else if (quantity is null || !KubernetesQuantity.TryParse(quantity.ToString(), out var value))
            {
                context.Fail($"{path}[{name}]", "must be a Kubernetes quantity such as 500m, 2 or 1Gi");
            }
            else
            {
                parsed[name] = value;
            }
        }

        return parsed;
    }

    private static void CheckOwnedLabels(IDictionary<string, string>? labels, ValidationContext<RoleSpec> context)
    {
        foreach (var key in (labels?.Keys ?? []).Where(OwnedLabels.IsOwned).Take(ValidationLimits.MaxItems))
        {
            context.Fail($"{context.PropertyPath}[{key}]", "is a label the operator and Spark find pods by; use another key");
        }
    }

    private static void CheckSecurityAnnotations(IDictionary<string, string>? annotations, ValidationContext<RoleSpec> context)
    {
        foreach (var key in (annotations?.Keys ?? []).Where(OwnedLabels.IsSecurityAnnotation).Take(ValidationLimits.MaxItems))
        {
            context.Fail($"{context.PropertyPath}[{key}]", "sets a security profile the kubelet applies; the operator's pods keep their hardened security context");
        }
    }

    internal static void CheckLabels<T>(IDictionary<string, string>? labels, bool checkValues, ValidationContext<T> context)
    {
        if (labels is null || !SpecRules.WithinCount(labels.Count, context))
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            context.ThrowIfCancellationRequested();
            var path = $"{context.PropertyPath}[{SpecRules.Shorten(key)}]";
            if (key is { Length: > KubernetesNames.MaxQualifiedNameLength })
            {
                context.Fail(path, $"is not a valid key: at most {KubernetesNames.MaxQualifiedNameLength} characters ({KubernetesNames.MaxSubdomainLength} of prefix, '/', {KubernetesNames.MaxLabelLength} of name), has {key.Length}");
            }
            else if (!KubernetesNames.IsQualifiedName(key))
            {
                context.Fail(path, "is not a valid key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'");
            }
            else if (checkValues && value is { Length: > KubernetesNames.MaxLabelLength })
            {
                context.Fail(path, $"must be at most {KubernetesNames.MaxLabelLength} characters, the limit for a label value; has {value.Length}");
            }
            else if (checkValues && !KubernetesNames.IsLabelValue(value))
            {
                context.Fail(path, $"'{SpecRules.Shorten(value)}' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }
            else if (!checkValues && value is { Length: > ValidationLimits.MaxValueLength })
            {
                context.Fail(path, $"must be at most {ValidationLimits.MaxValueLength} characters");
            }
        }
    }
}

/// <summary>Executor rules: the role rules plus instances and GPUs.</summary>
internal sealed class ExecutorSpecValidator : AbstractValidator<ExecutorSpec>
{
    public ExecutorSpecValidator(SparkApplicationSpec spec)
    {
        Include(new RoleSpecValidator(spec));
        RuleFor(e => e.Instances).Custom((instances, context) =>
        {
            if (instances < 0)
            {
                context.Fail(context.PropertyPath, "must not be negative");
            }
            else if (instances == 0 && !SpecRules.DynamicAllocationEnabled(spec))
            {
                context.Fail(context.PropertyPath, $"must be at least 1 unless dynamic allocation is enabled ({SpecRules.DynamicAllocationKey}=true in sparkConf)");
            }
        });
        RuleFor(e => e.Gpu!).ChildRules(gpu =>
        {
            gpu.RuleFor(g => g.Name).Must(KubernetesNames.IsExtendedResourceName).WithMessage("must be an extended resource name with a domain, e.g. nvidia.com/gpu");
            gpu.RuleFor(g => g.Quantity).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
        });
    }
}
