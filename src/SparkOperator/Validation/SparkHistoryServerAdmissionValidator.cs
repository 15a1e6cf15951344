using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Policy;

namespace SparkOperator.Validation;

/// <summary>
/// Admission for SparkHistoryServers, used by the webhook, the controller and <c>validate</c>. A
/// history server is a long-running service: a spec edit is checked like a create and then rolled
/// out, not refused.
/// </summary>
public sealed class SparkHistoryServerAdmissionValidator(PodPolicy policy) : IAdmissionValidator<SparkHistoryServer>
{
    private readonly SparkHistoryServerValidator validator = new(policy);

    public SparkHistoryServerAdmissionValidator()
        : this(PodPolicy.Default)
    {
    }

    public IReadOnlyList<AdmissionError> ValidateSpec(SparkHistoryServer entity, CancellationToken cancellationToken = default) =>
        [.. validator.Validate(entity, cancellationToken).Errors.Select(f => new AdmissionError(f.PropertyName, f.ErrorMessage))];

    /// <inheritdoc />
    public AdmissionResult Validate(SparkHistoryServer entity, SparkHistoryServer? oldEntity, AdmissionOperation operation, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        cancellationToken.ThrowIfCancellationRequested();
        return new AdmissionResult { Errors = [.. ValidateSpec(entity, cancellationToken)], Warnings = [] };
    }
}
