using FluentValidation;
using FluentValidation.Results;
using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Scheduling;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>
/// The rules of a ScheduledSparkApplication: its schedule, time zone, policies and limits, and its
/// template, whose spec gets every rule of a SparkApplication's (paths under spec.template.spec).
/// </summary>
internal sealed class ScheduledSparkApplicationValidator : AbstractValidator<ScheduledSparkApplication>
{
    public ScheduledSparkApplicationValidator(PodPolicy policy)
    {
        JsonFieldNames.Configure();
        RuleFor(a => a.Spec).NotNull().WithMessage("is required").SetValidator(new ScheduledSpecValidator(policy));
    }

    public ValidationResult Validate(ScheduledSparkApplication application, CancellationToken cancellationToken) =>
        Validate(new ValidationContext<ScheduledSparkApplication>(application).WithCancellation(cancellationToken));
}

internal sealed class ScheduledSpecValidator : AbstractValidator<ScheduledSparkApplicationSpec>
{
    public ScheduledSpecValidator(PodPolicy policy)
    {
        RuleFor(s => s.Schedule).Custom((_, context) => CheckSchedule(context));
        RuleFor(s => s.ConcurrencyPolicy).IsInEnum().WithMessage("must be Allow, Forbid or Replace");
        RuleFor(s => s.StartingDeadlineSeconds).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(s => s.SuccessfulRunHistoryLimit).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(s => s.FailedRunHistoryLimit).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(s => s.Template).NotNull().WithMessage("is required").SetValidator(new TemplateValidator(policy));
    }

    /// <summary>Schedule and time zone are read together, as the controller reads them.</summary>
    private static void CheckSchedule(ValidationContext<ScheduledSparkApplicationSpec> context)
    {
        var spec = context.InstanceToValidate;
        if (CronSchedule.TryParse(spec.Schedule, spec.TimeZone, out _, out var problems))
        {
            return;
        }

        var parent = context.PropertyPath[..Math.Max(0, context.PropertyPath.LastIndexOf('.'))];
        foreach (var (field, message) in problems)
        {
            context.Fail(parent.Length == 0 ? field : $"{parent}.{field}", message);
        }
    }
}

internal sealed class TemplateValidator : AbstractValidator<SparkApplicationTemplate>
{
    public TemplateValidator(PodPolicy policy)
    {
        RuleFor(t => t.Metadata!).ChildRules(metadata =>
        {
            metadata.RuleFor(m => m.Labels).Custom((labels, context) => MetadataRules.Keys(labels, checkValues: true, context.PropertyPath, context));
            metadata.RuleFor(m => m.Labels).Custom(CheckOwnedKeys);
            metadata.RuleFor(m => m.Annotations).Custom((annotations, context) => MetadataRules.Keys(annotations, checkValues: false, context.PropertyPath, context));
            metadata.RuleFor(m => m.Annotations).Custom(CheckOwnedKeys);
        });
        RuleFor(t => t.Spec).NotNull().WithMessage("is required").SetValidator(new SparkApplicationSpecValidator(policy));
    }

    private static void CheckOwnedKeys(IDictionary<string, string>? map, ValidationContext<TemplateMetadata> context)
    {
        foreach (var key in (map?.Keys ?? []).Where(OwnedScheduleNames.IsOwned))
        {
            context.Fail($"{context.PropertyPath}[{key}]", "is set by the operator on every run and may not be given in the template");
        }
    }
}
