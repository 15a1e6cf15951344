using FluentValidation;
using SparkOperator.Entities;
using SparkOperator.Policy;

namespace SparkOperator.Validation;

/// <summary>Driver rules: the role rules plus the account the application runs as.</summary>
internal sealed class DriverSpecValidator : AbstractValidator<DriverSpec>
{
    public DriverSpecValidator(SparkApplicationSpec spec, PodPolicy policy)
    {
        Include(new RoleSpecValidator(spec, policy));
        RuleFor(d => d.ServiceAccountName).Custom(ServiceAccountRules.Name);
    }
}
