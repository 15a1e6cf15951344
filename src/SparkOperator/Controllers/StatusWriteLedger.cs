using System.Collections.Concurrent;

namespace SparkOperator.Controllers;

/// <summary>
/// The resourceVersion each application had when this process last wrote its status, by UID.
/// The cache can lag the operator's own status write (a Job's or pod's event may arrive before
/// the application's), and a decision from the version already replaced would submit the attempt
/// again or repeat the write: harmless, since names are deterministic and the write is refused
/// (409), but requests for nothing. A cached object still at that version is recognised as behind
/// without asking the API server. The ledger starts empty, so a new process (or a new leader)
/// decides from its freshly listed cache.
/// </summary>
internal sealed class StatusWriteLedger
{
    private readonly ConcurrentDictionary<string, string> _writtenFrom = new(StringComparer.Ordinal);

    /// <summary>Notes a successful status write made from <paramref name="resourceVersion"/>.</summary>
    public void Written(string uid, string resourceVersion) => _writtenFrom[uid] = resourceVersion;

    /// <summary>True when the cached object is the version this process already replaced.</summary>
    public bool IsBehind(string uid, string? resourceVersion) =>
        resourceVersion is not null && _writtenFrom.TryGetValue(uid, out var replaced) && replaced == resourceVersion;

    /// <summary>Drops an application that is gone.</summary>
    public void Forget(string uid) => _writtenFrom.TryRemove(uid, out _);
}
