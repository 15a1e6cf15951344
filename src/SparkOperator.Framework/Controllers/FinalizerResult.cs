namespace SparkOperator.Framework.Controllers;

/// <summary>
/// The outcome of a finalizer: its cleanup is complete (<see cref="Done"/>: the framework removes
/// the finalizer), or it is under way and needs another look (<see cref="RetryAfter"/>: the
/// finalizer stays and runs again after the delay, without an error log or backoff). Waiting for
/// something to go away is expected, so it is a result; exceptions are kept for the unexpected
/// and retried with backoff.
/// </summary>
public readonly record struct FinalizerResult
{
    private FinalizerResult(TimeSpan? retryDelay) => RetryDelay = retryDelay;

    /// <summary>Everything is released; the finalizer may be removed.</summary>
    public static FinalizerResult Done { get; } = new(null);

    /// <summary>When to run the finalizer again; null when it is done.</summary>
    public TimeSpan? RetryDelay { get; }

    /// <summary>Whether the cleanup is complete.</summary>
    public bool IsDone => RetryDelay is null;

    /// <summary>Not released yet: keep the finalizer and run it again after <paramref name="delay"/>; an earlier wake-up (a change of the object) still wins.</summary>
    public static FinalizerResult RetryAfter(TimeSpan delay) =>
        new(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
}
