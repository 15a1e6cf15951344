using SparkOperator.Framework.Events;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// A stored object the informer could not decode into its type (an API server keeps what its
/// schema allows, e.g. an int32 field holding 2147483648 under a schema that does not enforce the
/// format, or a field it preserves unknown): its identity as read from the raw JSON, and why the
/// decoding failed (the JSON path and the reason).
/// </summary>
internal sealed record UndecodableObject(InvolvedObject Identity, string Error)
{
    /// <summary>The object's key, from its raw metadata.</summary>
    public ObjectKey Key => new(Identity.Metadata.NamespaceProperty ?? string.Empty, Identity.Metadata.Name ?? string.Empty);
}
