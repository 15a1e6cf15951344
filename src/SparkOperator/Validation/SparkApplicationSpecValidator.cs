using FluentValidation;
using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>Rules on spec: image, artifact, mode, args, sparkConf, dependencies, volumes and the three roles.</summary>
internal sealed class SparkApplicationSpecValidator : AbstractValidator<SparkApplicationSpec>
{
    public SparkApplicationSpecValidator(PodPolicy policy)
    {
        RuleFor(s => s.SparkImage).Custom((image, context) => CheckImage(image, required: true, context));
        RuleFor(s => s.Image).Custom((image, context) => CheckImage(image, required: false, context));
        RuleFor(s => s.SparkImagePullPolicy).IsInEnum().WithMessage("must be Always, IfNotPresent or Never");
        RuleFor(s => s.SparkImagePullSecrets).Custom(SpecRules.PullSecrets);

        RuleFor(s => s.Mode).IsInEnum().WithMessage("must be cluster");
        RuleFor(s => s.Mode).NotEqual(DeployMode.Client).WithMessage("only cluster mode is supported");

        RuleFor(s => s.MainApplicationFile).Custom(SpecRules.MainApplicationFile);
        RuleFor(s => s.MainClass).Custom(SpecRules.MainClass);
        RuleFor(s => s.Version).MaximumLength(ValidationLimits.MaxStringLength).WithMessage($"must be at most {ValidationLimits.MaxStringLength} characters");
        RuleFor(s => s.Args).Custom(SpecRules.Args);
        RuleFor(s => s.SparkConf).Custom((conf, context) => SpecRules.SparkConf(conf, policy, context));
        RuleFor(s => s.Deps!).SetValidator(new DependenciesValidator());
        RuleFor(s => s.S3connection!).SetValidator(new S3ConnectionValidator());
        RuleFor(s => s.Volumes).Custom((volumes, context) => VolumeRules.Volumes(volumes, policy, context));
        RuleFor(s => s.LogFileDirectory).Custom((directory, context) => EventLogRules.Application(directory, policy, context));
        RuleFor(s => s.Env).Custom((env, context) => SpecRules.Env(env, SpecRules.OwnedEnv(context.InstanceToValidate), context));
        RuleFor(s => s.EnvFrom).Must(e => e is null || e.Count <= ValidationLimits.MaxItems).WithMessage($"must have at most {ValidationLimits.MaxItems} items");

        RuleFor(s => s.Driver!).SetValidator((spec, _) => new DriverSpecValidator(spec, policy));
        RuleFor(s => s.Executor!).SetValidator((spec, _) => new ExecutorSpecValidator(spec, policy));
        RuleFor(s => s.Job!).SetValidator((spec, _) => new RoleSpecValidator(spec, policy, isJob: true));

        RuleFor(s => s.ServiceAccount).Custom(ServiceAccountRules.NotWithNamedAccount);
        RuleFor(s => s.ServiceAccount!).SetValidator(new ServiceAccountSpecValidator(policy));

        RuleFor(s => s.SparkUi).Custom((_, context) => SparkUiRules.Check(context));

        RuleFor(s => s.RestartPolicy!).SetValidator(new RestartPolicyValidator());
        RuleFor(s => s.TimeToLiveSeconds).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(s => s.DriverStartTimeoutSeconds).GreaterThanOrEqualTo(1).WithMessage("must be at least 1");
        RuleFor(s => s.RunTimeoutSeconds).GreaterThanOrEqualTo(1).WithMessage("must be at least 1 second; leave it unset to let the driver run without a deadline");
    }

    private static void CheckImage(string? image, bool required, ValidationContext<SparkApplicationSpec> context)
    {
        if (string.IsNullOrEmpty(image))
        {
            if (required)
            {
                context.Fail(context.PropertyPath, "is required");
            }

            return;
        }

        if (image.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail(context.PropertyPath, $"must be at most {ValidationLimits.MaxStringLength} characters");
        }
        else if (!ImageReference.TryParse(image, out _, out var problem))
        {
            context.Fail(context.PropertyPath, $"'{image}' is not a valid image reference: {problem}");
        }
    }
}
