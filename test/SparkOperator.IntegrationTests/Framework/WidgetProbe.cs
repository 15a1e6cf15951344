using System.Collections.Concurrent;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>What one test operator instance did, and the faults a test wants it to meet.</summary>
public sealed class WidgetProbe(string instance)
{
    public string Instance { get; } = instance;

    public ConcurrentQueue<ReconcileCall> Reconciles { get; } = new();

    public ConcurrentQueue<string> Finalized { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    public int FinalizeAttempts;

    public int FinalizeFailuresLeft;

    /// <summary>How many times the finalizer answers RetryAfter(<see cref="FinalizeRetryDelay"/>) after the scripted failures.</summary>
    public int FinalizeRetriesLeft;

    public TimeSpan FinalizeRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public ConcurrentQueue<DateTimeOffset> FinalizeTimes { get; } = new();

    public int Conflicts;

    /// <summary>Runs between building the child and writing the status (to provoke a conflict).</summary>
    public Func<Widget, Task>? BeforeStatusWrite { get; set; }

    public Action<string>? Log { get; set; }

    public IReadOnlyList<ReconcileCall> For(string name) => [.. Reconciles.Where(r => r.Name == name)];

    public override string ToString() =>
        $"[{Instance}] reconciles: {string.Join(", ", Reconciles)}; finalized: {string.Join(",", Finalized)}; deleted: {string.Join(",", Deleted)}; conflicts: {Conflicts}";
}

public sealed record ReconcileCall(string Name, long Generation, string? Message, IReadOnlyList<string> Finalizers, int ChildrenInCache)
{
    public override string ToString() => $"{Name}@g{Generation}({Message};children={ChildrenInCache})";
}
