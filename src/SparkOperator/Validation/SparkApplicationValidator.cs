using FluentValidation;
using FluentValidation.Results;
using SparkOperator.Entities;
using SparkOperator.Policy;

namespace SparkOperator.Validation;

/// <summary>The structural and semantic rules of a SparkApplication; every failure carries its JSON path.</summary>
internal sealed class SparkApplicationValidator : AbstractValidator<SparkApplication>
{
    public SparkApplicationValidator(PodPolicy? policy = null)
    {
        JsonFieldNames.Configure();
        RuleFor(a => a.Spec).NotNull().WithMessage("is required").SetValidator(new SparkApplicationSpecValidator(policy ?? PodPolicy.Default));
    }

    /// <summary>All rules, stopping with <see cref="OperationCanceledException"/> between list items once <paramref name="cancellationToken"/> fires.</summary>
    public ValidationResult Validate(SparkApplication application, CancellationToken cancellationToken) =>
        Validate(new ValidationContext<SparkApplication>(application).WithCancellation(cancellationToken));
}
