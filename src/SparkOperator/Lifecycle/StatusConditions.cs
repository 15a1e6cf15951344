using k8s.Models;

namespace SparkOperator.Lifecycle;

/// <summary>Condition bookkeeping in the Kubernetes convention: lastTransitionTime moves only when status flips.</summary>
public static class StatusConditions
{
    public const string Submitted = "Submitted";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string SpecChanged = "SpecChanged";

    /// <summary>Sets (or adds) a condition, keeping its transition time when the status is unchanged.</summary>
    public static void Set(IList<V1Condition> conditions, string type, bool status, string reason, string message, long? generation, DateTime now)
    {
        var value = status ? "True" : "False";
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        var transition = existing is not null && existing.Status == value ? existing.LastTransitionTime : now;
        var updated = new V1Condition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = transition,
        };
        if (existing is null)
        {
            conditions.Add(updated);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = updated;
        }
    }

    /// <summary>The condition of that type, or null.</summary>
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>True when the condition exists with status True.</summary>
    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == "True";
}
