using FluentValidation;
using SparkOperator.Entities;

namespace SparkOperator.Validation;

/// <summary>Rules on spec.restartPolicy: a known type and no negative counts or intervals.</summary>
internal sealed class RestartPolicyValidator : AbstractValidator<RestartPolicy>
{
    public RestartPolicyValidator()
    {
        RuleFor(r => r.Type).IsInEnum().WithMessage("must be Never, OnFailure or Always");
        RuleFor(r => r.OnFailureRetries).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(r => r.OnFailureRetryIntervalSeconds).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(r => r.OnSubmissionFailureRetries).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(r => r.OnSubmissionFailureRetryIntervalSeconds).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
    }
}
