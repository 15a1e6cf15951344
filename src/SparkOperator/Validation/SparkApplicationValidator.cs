using FluentValidation;
using SparkOperator.Entities;

namespace SparkOperator.Validation;

/// <summary>The structural and semantic rules of a SparkApplication; every failure carries its JSON path.</summary>
internal sealed class SparkApplicationValidator : AbstractValidator<SparkApplication>
{
    public SparkApplicationValidator()
    {
        JsonFieldNames.Configure();
        RuleFor(a => a.Spec).NotNull().WithMessage("is required").SetValidator(new SparkApplicationSpecValidator());
    }
}
