using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Policy;

namespace SparkOperator.Validation;

/// <summary>
/// Admission for SparkApplications, used by the webhook and by <c>validate</c>.
/// <list type="bullet">
/// <item>CREATE, and UPDATE that changes spec: all rules of <see cref="SparkApplicationValidator"/>; every
/// error is reported with its JSON path; warnings for mutable images and quoted arguments.</item>
/// <item>UPDATE of an application already submitted (status.phase set and not Pending, or
/// status.submitJobName set): any change to spec is denied; delete and re-create it instead
/// (<see cref="SpecImmutability"/>). The operator never silently applies a spec edit to a running job.</item>
/// <item>UPDATE that leaves spec unchanged (labels, annotations, finalizers, ownerReferences): allowed
/// without re-checking spec, so objects admitted under older rules can still be labelled and finalized.</item>
/// </list>
/// </summary>
public sealed class SparkApplicationAdmissionValidator(PodPolicy policy) : IAdmissionValidator<SparkApplication>
{
    private readonly SparkApplicationValidator validator = new(policy);

    /// <summary>A validator with the default pod policy (what <c>validate</c> checks offline).</summary>
    public SparkApplicationAdmissionValidator()
        : this(PodPolicy.Default)
    {
    }

    /// <summary>Every rule on the spec, as field path and message (what the controller checks before a submission).</summary>
    public IReadOnlyList<AdmissionError> ValidateSpec(SparkApplication entity, CancellationToken cancellationToken = default) =>
        [.. validator.Validate(entity, cancellationToken).Errors.Select(f => new AdmissionError(f.PropertyName, f.ErrorMessage))];

    /// <inheritdoc />
    public AdmissionResult Validate(SparkApplication entity, SparkApplication? oldEntity, AdmissionOperation operation, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var errors = new List<AdmissionError>();
        if (operation == AdmissionOperation.Update && oldEntity is not null)
        {
            var changed = SpecImmutability.ChangedFields(entity, oldEntity);
            if (changed.Count == 0)
            {
                return AdmissionResult.Allowed();
            }

            if (SpecImmutability.IsSubmitted(oldEntity))
            {
                errors.Add(SpecImmutability.Frozen(oldEntity, changed));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        errors.AddRange(ValidateSpec(entity, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        var warnings = entity.Spec is null ? [] : SparkApplicationWarnings.For(entity.Spec);
        return new AdmissionResult { Errors = errors, Warnings = warnings };
    }
}
