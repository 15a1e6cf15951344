using FluentValidation;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Policy;
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

    public RoleSpecValidator(SparkApplicationSpec spec, PodPolicy policy, bool isJob = false)
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
        RuleFor(r => r.NodeSelector).Custom((labels, context) => MetadataRules.Keys(labels, checkValues: true, context.PropertyPath, context));
        RuleFor(r => r.Labels).Custom((labels, context) => MetadataRules.Keys(labels, checkValues: true, context.PropertyPath, context));
        RuleFor(r => r.Labels).Custom((labels, context) => MetadataRules.OwnedLabels(labels, context.PropertyPath, context));
        RuleFor(r => r.Annotations).Custom((annotations, context) => MetadataRules.SecurityAnnotations(annotations, context.PropertyPath, context));
        RuleFor(r => r.Annotations).Custom((annotations, context) => MetadataRules.Keys(annotations, checkValues: false, context.PropertyPath, context));
        RuleFor(r => r.PodOverrides).Custom((overrides, context) => PodOverrideRules.Check(overrides, spec, policy, isJob, context));
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
}

/// <summary>Executor rules: the role rules plus instances and GPUs.</summary>
internal sealed class ExecutorSpecValidator : AbstractValidator<ExecutorSpec>
{
    public ExecutorSpecValidator(SparkApplicationSpec spec, PodPolicy policy)
    {
        Include(new RoleSpecValidator(spec, policy));
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
