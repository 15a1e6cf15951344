using System.Collections.Concurrent;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Framework.Controllers;

/// <summary>
/// Remembers, per object, the terminal outcome last reported for it (reason, message and the
/// resourceVersion it was decided on), so a terminal error is logged and posted as an Event once:
/// the periodic resync and child changes reconcile the object again and usually reach the same
/// verdict, which is not news. A change of the object (a new resourceVersion) or of the verdict
/// is reported again. Entries go when the object reconciles without a terminal outcome or is
/// deleted. The work queue never runs one key twice at once, so per-key updates do not race.
/// </summary>
internal sealed class TerminalReports
{
    private readonly ConcurrentDictionary<ObjectKey, (string Reason, string Message, string? ResourceVersion)> _last = new();

    /// <summary>Number of objects whose last outcome was terminal.</summary>
    public int Count => _last.Count;

    /// <summary>Records the outcome; true when it differs from the one last reported for <paramref name="key"/>.</summary>
    public bool ShouldReport(ObjectKey key, string reason, string message, string? resourceVersion)
    {
        var next = (reason, message, resourceVersion);
        if (_last.TryGetValue(key, out var last) && last == next)
        {
            return false;
        }

        _last[key] = next;
        return true;
    }

    /// <summary>Forgets the object's terminal outcome (it reconciled fine, or it is gone).</summary>
    public void Clear(ObjectKey key) => _last.TryRemove(key, out _);
}
