namespace SparkOperator.Framework.Leadership;

/// <summary>Whether this replica may reconcile.</summary>
internal interface ILeadership
{
    /// <summary>Completes once this replica leads (at once when leader election is disabled).</summary>
    Task WhenLeadingAsync(CancellationToken cancellationToken);

    /// <summary>Cancelled when this replica loses the lease after having held it.</summary>
    CancellationToken Lost { get; }
}
