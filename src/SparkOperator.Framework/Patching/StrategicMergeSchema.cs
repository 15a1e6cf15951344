namespace SparkOperator.Framework.Patching;

/// <summary>
/// Where a strategic merge finds its list keys: for each list, by its path of JSON field names from
/// the document's root (list items as <c>[]</c>, e.g. <c>spec.containers[].env</c>), the field that
/// identifies an item. Lists not named here are replaced whole, as Kubernetes does for lists
/// without a <c>patchMergeKey</c>. Items of a list marked retain-keys (a volume) keep only the
/// fields the patch gives, so a patched volume never ends up with two sources.
/// </summary>
public sealed class StrategicMergeSchema
{
    private readonly Dictionary<string, string> keys;
    private readonly HashSet<string> retainKeys;

    /// <summary>A schema from list paths and their merge keys.</summary>
    /// <param name="keys">List path to merge key.</param>
    /// <param name="retainKeys">List paths whose patched items keep only the fields the patch gives.</param>
    public StrategicMergeSchema(IReadOnlyDictionary<string, string> keys, IEnumerable<string>? retainKeys = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = new Dictionary<string, string>(keys, StringComparer.Ordinal);
        this.retainKeys = new HashSet<string>(retainKeys ?? [], StringComparer.Ordinal);
    }

    /// <summary>The merge key of the list at <paramref name="path"/>, or null when it is replaced whole.</summary>
    public string? KeyOf(string path) => keys.GetValueOrDefault(path);

    /// <summary>True when a patched item of the list at <paramref name="path"/> keeps only the patch's fields.</summary>
    public bool RetainsKeys(string path) => retainKeys.Contains(path);

    /// <summary>Every list path with a merge key.</summary>
    public IReadOnlyCollection<string> Lists => keys.Keys;
}
