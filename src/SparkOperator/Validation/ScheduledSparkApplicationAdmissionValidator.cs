using System.Text.Json;
using System.Text.Json.Nodes;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Policy;

namespace SparkOperator.Validation;

/// <summary>
/// Admission for ScheduledSparkApplications (webhook, controller and <c>validate</c>): CREATE, and
/// UPDATE that changes spec, get every rule; an edit is allowed at any time, as it only shapes
/// future runs. Warnings are the SparkApplication's, about the template's spec.
/// </summary>
public sealed class ScheduledSparkApplicationAdmissionValidator(PodPolicy policy) : IAdmissionValidator<ScheduledSparkApplication>
{
    private const string TemplateSpecPath = "spec.template.spec.";

    private readonly ScheduledSparkApplicationValidator validator = new(policy);

    /// <summary>A validator with the default pod policy (what <c>validate</c> checks offline).</summary>
    public ScheduledSparkApplicationAdmissionValidator()
        : this(PodPolicy.Default)
    {
    }

    /// <summary>Every rule, as field path and message.</summary>
    public IReadOnlyList<AdmissionError> ValidateSpec(ScheduledSparkApplication entity, CancellationToken cancellationToken = default) =>
        [.. validator.Validate(entity, cancellationToken).Errors.Select(f => new AdmissionError(f.PropertyName, f.ErrorMessage))];

    /// <inheritdoc />
    public AdmissionResult Validate(ScheduledSparkApplication entity, ScheduledSparkApplication? oldEntity, AdmissionOperation operation, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (operation == AdmissionOperation.Update && oldEntity is not null && SameSpec(entity.Spec, oldEntity.Spec))
        {
            return AdmissionResult.Allowed();
        }

        var errors = ValidateSpec(entity, cancellationToken);
        var warnings = entity.Spec?.Template?.Spec is { } spec
            ? SparkApplicationWarnings.For(spec).Select(w => w.StartsWith("spec.", StringComparison.Ordinal) ? TemplateSpecPath + w["spec.".Length..] : w).ToList()
            : [];
        return new AdmissionResult { Errors = [.. errors], Warnings = warnings };
    }

    /// <summary>As JSON, so map order and quantity spelling do not count as a change.</summary>
    private static bool SameSpec(ScheduledSparkApplicationSpec? now, ScheduledSparkApplicationSpec? before) =>
        JsonNode.DeepEquals(JsonSerializer.SerializeToNode(now, EntityJson.Options), JsonSerializer.SerializeToNode(before, EntityJson.Options));
}
