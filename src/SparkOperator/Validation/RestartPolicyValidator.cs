using FluentValidation;
using SparkOperator.Entities;

namespace SparkOperator.Validation;

/// <summary>Rules on spec.restartPolicy: a known type and no negative counts, intervals of at least a second.</summary>
internal sealed class RestartPolicyValidator : AbstractValidator<RestartPolicy>
{
    // A zero interval would resubmit in a tight loop against a failure that is still there.
    private const string IntervalMessage = "must be at least 1 second; leave it unset for the default of 5";

    public RestartPolicyValidator()
    {
        RuleFor(r => r.Type).IsInEnum().WithMessage("must be Never, OnFailure or Always");
        RuleFor(r => r.OnFailureRetries).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(r => r.OnFailureRetryIntervalSeconds).GreaterThanOrEqualTo(1).WithMessage(IntervalMessage);
        RuleFor(r => r.OnSubmissionFailureRetries).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(r => r.OnSubmissionFailureRetryIntervalSeconds).GreaterThanOrEqualTo(1).WithMessage(IntervalMessage);
    }
}
