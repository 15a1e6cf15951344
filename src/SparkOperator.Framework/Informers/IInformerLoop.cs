namespace SparkOperator.Framework.Informers;

/// <summary>Where an informer loop is in its life.</summary>
internal enum InformerLoopState
{
    /// <summary>Created, not running yet.</summary>
    NotStarted,

    /// <summary>Listing, watching, or waiting out a backoff.</summary>
    Running,

    /// <summary>Ended because it was asked to (the host is stopping).</summary>
    Stopped,

    /// <summary>Ended although nobody asked it to: a bug, and the cache of its kind no longer follows the API server.</summary>
    Faulted,
}

/// <summary>
/// What the health checks read of one LIST/WATCH loop, on the loop's own <see cref="TimeProvider"/>.
/// Progress is what shows the API server answering: a LIST page, a watch event or bookmark, or a
/// watch the server held open for its timeout. A heartbeat is any sign the loop itself is alive:
/// progress, each turn of the loop, each failure and each end of a backoff.
/// </summary>
internal interface IInformerLoop
{
    /// <summary>The kind's type name.</summary>
    string KindName { get; }

    /// <summary>The watched namespace, or null for all namespaces.</summary>
    string? Namespace { get; }

    InformerLoopState State { get; }

    /// <summary>Whether the first LIST completed.</summary>
    bool HasSynced { get; }

    /// <summary>Failed LISTs and watches since the last progress.</summary>
    int ConsecutiveFailures { get; }

    /// <summary>How long the loop has failed without progress in between; zero while it is not failing.</summary>
    TimeSpan FailingFor { get; }

    /// <summary>Time since the last progress (since the start, before any).</summary>
    TimeSpan SinceProgress { get; }

    /// <summary>Time since the last heartbeat.</summary>
    TimeSpan SinceHeartbeat { get; }
}
