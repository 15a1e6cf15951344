using System.Text.Json;
using System.Text.Json.Nodes;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Validation;

/// <summary>
/// Once an application has been submitted, its spec is frozen: a running Spark job cannot take new
/// settings, and silently applying them to the next attempt would make status describe a run that
/// does not match the spec. Users delete and re-create the application (or create a new one).
/// </summary>
internal static class SpecImmutability
{
    /// <summary>Submitted: the phase is past Pending, or a submit Job exists.</summary>
    public static bool IsSubmitted(SparkApplication application) =>
        application.Status is { } status
        && ((status.Phase is { } phase && phase != ApplicationPhase.Pending) || !string.IsNullOrEmpty(status.SubmitJobName));

    /// <summary>Top-level spec fields that differ (as JSON, so map order and quantity spelling do not count).</summary>
    public static IReadOnlyList<string> ChangedFields(SparkApplication application, SparkApplication old)
    {
        var now = ToJson(application.Spec);
        var before = ToJson(old.Spec);
        return now.Select(p => p.Key).Union(before.Select(p => p.Key), StringComparer.Ordinal)
            .Where(key => !JsonNode.DeepEquals(now[key], before[key]))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static AdmissionError Frozen(SparkApplication old, IReadOnlyList<string> changed)
    {
        var phase = old.Status?.Phase?.ToString() ?? "Submitted";
        return new AdmissionError(
            "spec",
            $"cannot be changed after the application was submitted (phase {phase}; changed: {string.Join(", ", changed)}); "
            + "delete the SparkApplication and create it again, or create a new one with another name");
    }

    private static JsonObject ToJson(SparkApplicationSpec? spec) =>
        spec is null ? [] : JsonSerializer.SerializeToNode(spec, EntityJson.Options) as JsonObject ?? [];
}
