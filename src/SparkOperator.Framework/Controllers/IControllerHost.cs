namespace SparkOperator.Framework.Controllers;

/// <summary>The operator host's handle on one controller, whatever its entity type.</summary>
internal interface IControllerHost
{
    string Name { get; }

    /// <summary>Subscribes to the informers; must run before they start.</summary>
    void Prepare();

    /// <summary>Starts the workers and the resync timer; they stop when <paramref name="cancellationToken"/> is cancelled.</summary>
    void Start(CancellationToken cancellationToken);

    /// <summary>Stops taking keys, waits up to <paramref name="timeout"/> for in-flight reconciles, then cancels them.</summary>
    Task StopAsync(TimeSpan timeout);

    /// <summary>Whether a worker ended although the controller was not asked to stop (a bug: fewer keys, or none, get reconciled).</summary>
    bool WorkersFaulted { get; }

    /// <summary>
    /// How long keys have been waiting for a worker while no reconcile finished (every worker stuck
    /// in a reconcile that does not return); zero while reconciles finish or nothing waits, and
    /// before the workers start or after they were asked to stop.
    /// </summary>
    TimeSpan StalledFor { get; }
}
