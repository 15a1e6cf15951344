namespace SparkOperator.Framework.Controllers;

/// <summary>
/// The outcome of a reconcile: done until something changes, look again after a delay, or a
/// permanent error (<see cref="Terminal"/>) that retrying cannot fix. Done and Requeue reset the
/// object's error backoff. Unexpected failures (the API server refused, a timeout) are still
/// exceptions, retried with backoff; a terminal outcome is for what only a change to the object
/// can cure (a spec the controller cannot act on), so that it is reported once instead of being
/// retried and logged as an error forever.
/// </summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter, string? reason = null, string? message = null)
    {
        RequeueAfter = requeueAfter;
        Reason = reason;
        Message = message;
    }

    /// <summary>When to reconcile again even if nothing changes; null waits for a change.</summary>
    public TimeSpan? RequeueAfter { get; }

    /// <summary>
    /// Whether this is a permanent error: logged at Warning and posted as a Warning Event (reason,
    /// message) on the object once, not requeued, backoff forgotten. It runs again only when the
    /// object or a child changes, or at the periodic resync, which does not report it again.
    /// </summary>
    public bool IsTerminal => Reason is not null;

    /// <summary>The Event reason of a terminal outcome (UpperCamelCase, e.g. <c>InvalidSpec</c>); null otherwise.</summary>
    public string? Reason { get; }

    /// <summary>What is wrong and how to fix it, for the Event and the log; null unless terminal.</summary>
    public string? Message { get; }

    /// <summary>Nothing more to do until the object or a child changes (or the periodic resync).</summary>
    public static ReconcileResult Done { get; } = new(null);

    /// <summary>Reconcile again after <paramref name="delay"/>; an earlier wake-up still wins.</summary>
    public static ReconcileResult Requeue(TimeSpan delay) =>
        new(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);

    /// <summary>
    /// A permanent error: reported once (Warning log and Warning Event <paramref name="reason"/>,
    /// <paramref name="message"/>), not retried until the object or a child changes.
    /// </summary>
    public static ReconcileResult Terminal(string reason, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(message);
        return new(null, reason, message);
    }
}
