namespace SparkOperator.Framework.Informers;

/// <summary>Timing of an informer; the defaults suit production, tests shrink them.</summary>
internal sealed record InformerOptions
{
    /// <summary>Items per LIST page.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Server-side watch timeout; the server then ends the stream and the informer re-watches.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Up to this much is added at random to each watch timeout so watches do not restart together.</summary>
    public TimeSpan WatchTimeoutJitter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A watch with no event or bookmark for this long is presumed dead and replaced.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(7);

    /// <summary>First reconnect delay after an error; doubles per consecutive error.</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Label selector applied to LIST and WATCH, or null.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Trims an object in place before it is cached (a <c>Func&lt;T, T&gt;</c> of the informer's kind), or null.</summary>
    public Delegate? Transform { get; init; }

    /// <summary>Label keys whose values the store indexes (<see cref="IResourceStore{T}.ListByLabel"/> scans for any other key).</summary>
    public IReadOnlyCollection<string> IndexedLabels { get; init; } = [];
}
