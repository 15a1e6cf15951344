using k8s;

namespace SparkOperator.Submission;

/// <summary>List helpers for building pod specs.</summary>
internal static class Lists
{
    /// <summary>
    /// One item per key, the last one given winning, at the first one's position. Server-side
    /// apply rejects duplicate keys in list maps (env by name, volumes by name, mounts by path).
    /// </summary>
    public static List<T> LastWins<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var order = new List<string>();
        var byKey = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            if (!byKey.ContainsKey(k))
            {
                order.Add(k);
            }

            byKey[k] = item;
        }

        return order.ConvertAll(k => byKey[k]);
    }

    /// <summary>Null for an empty list, so the YAML stays free of empty fields.</summary>
    public static List<T>? NullIfEmpty<T>(List<T> items) => items.Count == 0 ? null : items;

    /// <summary>
    /// A deep copy of a user-given object, so the built objects never alias the application
    /// (a caller mutating one must not change the other).
    /// </summary>
    public static T? Clone<T>(T? value)
        where T : class =>
        value is null ? null : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
