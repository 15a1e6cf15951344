using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// Decodes one custom object from raw JSON with <see cref="KubernetesJson"/>, so that one object
/// of a LIST page or a watch stream that does not fit the type is set aside on its own instead of
/// failing the whole page or stream. What cannot be decoded is described by its raw identity
/// (apiVersion, kind, name, namespace, uid, resourceVersion read as plain strings) and the error.
/// </summary>
internal static class CustomObjectDecoder
{
    /// <summary>Decodes <paramref name="item"/>; false, with <paramref name="undecodable"/> set, when it does not fit <typeparamref name="T"/>.</summary>
    public static bool TryDecode<T>(JsonElement item, out T decoded, out UndecodableObject? undecodable)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            decoded = KubernetesJson.Deserialize<T>(item);
            if (decoded?.Metadata is not null)
            {
                undecodable = null;
                return true;
            }

            undecodable = new UndecodableObject(Identity<T>(item), "the object has no metadata");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException or OverflowException)
        {
            undecodable = new UndecodableObject(Identity<T>(item), Describe(e));
        }

        decoded = default!;
        return false;
    }

    /// <summary>The JSON path and the reason, without System.Text.Json's line/byte position (meaningless for one element).</summary>
    internal static string Describe(Exception e)
    {
        var reason = e.Message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }

        if (e.InnerException is { Message: { Length: > 0 } inner } && !reason.Contains(inner, StringComparison.Ordinal))
        {
            reason = $"{reason.TrimEnd('.')} ({inner.TrimEnd('.')})";
        }

        // The reader of an Event is the object's owner, not a .NET developer: Int32, not System.Nullable`1[System.Int32].
        // A name followed by '.', '`' or '[' is a namespace or a generic, not a simple type: left as it is.
        reason = DotNetTypeName.Replace(reason, m => m.Groups["after"].Length > 0 ? m.Value : m.Groups["type"].Value);
        return e is JsonException { Path: { Length: > 0 } path } ? $"{path}: {reason}" : reason;
    }

    // Linear-time like every pattern of the product (the exception text quotes the tenant's JSON path).
    private static readonly Regex DotNetTypeName = LinearRegex.Create(@"System\.Nullable`1\[System\.(?<type>\w+)\]|System\.(?<type>\w+)(?<after>[.`\[]?)");

    private static InvolvedObject Identity<T>(JsonElement item)
    {
        var type = typeof(T).GetKubernetesTypeMetadata();
        var meta = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        return new InvolvedObject
        {
            ApiVersion = Text(item, "apiVersion") ?? (string.IsNullOrEmpty(type.Group) ? type.ApiVersion : $"{type.Group}/{type.ApiVersion}"),
            Kind = Text(item, "kind") ?? type.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = Text(meta, "name"),
                NamespaceProperty = Text(meta, "namespace"),
                Uid = Text(meta, "uid"),
                ResourceVersion = Text(meta, "resourceVersion"),
            },
        };
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
