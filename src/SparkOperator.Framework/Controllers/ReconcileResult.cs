namespace SparkOperator.Framework.Controllers;

/// <summary>
/// The outcome of a reconcile: done until something changes, look again after a delay, or a
/// permanent error reported once and not retried. Success resets the object's error backoff.
/// Unexpected failures are exceptions, retried with backoff.
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

    /// <summary>True for a permanent error: reported once, not retried until the object changes.</summary>
    public bool IsTerminal => Reason is not null;

    /// <summary>The terminal error's reason (an Event reason); null otherwise.</summary>
    public string? Reason { get; }

    /// <summary>The terminal error's message; null otherwise.</summary>
    public string? Message { get; }

    /// <summary>Nothing more to do until the object or a child changes (or the periodic resync).</summary>
    public static ReconcileResult Done { get; } = new(null);

    /// <summary>Reconcile again after <paramref name="delay"/>; an earlier wake-up still wins.</summary>
    public static ReconcileResult Requeue(TimeSpan delay) =>
        new(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);

    /// <summary>A permanent error: reported once, not retried.</summary>
    public static ReconcileResult Terminal(string reason, string message) => new(null, reason, message);
}
