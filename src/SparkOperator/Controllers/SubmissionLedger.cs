using System.Collections.Concurrent;

namespace SparkOperator.Controllers;

/// <summary>
/// The attempts this operator process submitted and recorded in an application's status, by UID.
/// The cache can lag the operator's own status write (the Job's event may arrive before the
/// application's), and a decision from that lag would submit the attempt again: harmless, since
/// names are deterministic, but ten requests for nothing. The ledger recognises the lag without
/// asking the API server. It starts empty, so a new process (or a new leader) decides from its
/// freshly listed cache, and a duplicate from another replica's lag only meets "already exists".
/// </summary>
internal sealed class SubmissionLedger
{
    private readonly ConcurrentDictionary<string, int> _recorded = new(StringComparer.Ordinal);

    /// <summary>Notes that <paramref name="attempt"/> of the application is submitted and in its stored status.</summary>
    public void Recorded(string uid, int attempt) =>
        _recorded.AddOrUpdate(uid, attempt, (_, known) => Math.Max(known, attempt));

    /// <summary>True when a status showing <paramref name="statusAttempt"/> is older than what this process already recorded.</summary>
    public bool IsBehind(string uid, int? statusAttempt) =>
        _recorded.TryGetValue(uid, out var known) && known > (statusAttempt ?? 0);

    /// <summary>Drops an application that is gone.</summary>
    public void Forget(string uid) => _recorded.TryRemove(uid, out _);
}
