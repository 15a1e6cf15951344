namespace SparkOperator.Framework.Controllers;

/// <summary>
/// The outcome of a successful reconcile: done until something changes, or look again after a
/// delay. Success resets the object's error backoff. Failures are exceptions, not results.
/// </summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter) => RequeueAfter = requeueAfter;

    /// <summary>When to reconcile again even if nothing changes; null waits for a change.</summary>
    public TimeSpan? RequeueAfter { get; }

    /// <summary>Nothing more to do until the object or a child changes (or the periodic resync).</summary>
    public static ReconcileResult Done { get; } = new(null);

    /// <summary>Reconcile again after <paramref name="delay"/>; an earlier wake-up still wins.</summary>
    public static ReconcileResult Requeue(TimeSpan delay) =>
        new(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
}
