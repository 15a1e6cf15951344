namespace SparkOperator.Framework.Hosting;

/// <summary>
/// Leader election with a <c>coordination.k8s.io/v1</c> Lease. While disabled every replica
/// reconciles (local runs and tests only).
/// </summary>
public sealed class LeaderElectionOptions
{
    /// <summary>Whether to elect a leader; true by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Lease's name.</summary>
    public string LeaseName { get; set; } = "operator-leader";

    /// <summary>The Lease's namespace; defaults to <c>POD_NAMESPACE</c>, then <c>default</c>.</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>This replica's identity; defaults to <c>POD_NAME</c>, then host name plus a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>How long a lease holds without renewal; also the longest hand-over time after a crash.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between acquire/renew attempts.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
