using FluentValidation;
using SparkOperator.Entities;

namespace SparkOperator.Validation;

/// <summary>Driver rules: the role rules plus the account the application runs as.</summary>
internal sealed class DriverSpecValidator : AbstractValidator<DriverSpec>
{
    public DriverSpecValidator(SparkApplicationSpec spec)
    {
        Include(new RoleSpecValidator(spec));
        RuleFor(d => d.ServiceAccountName).Custom(ServiceAccountRules.Name);
    }
}
