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
}
