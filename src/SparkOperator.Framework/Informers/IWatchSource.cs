using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// One page of a LIST: the items, the list's resourceVersion and the continue token, and the
/// stored objects of the page that could not be decoded (skipped, but still present: a diff must
/// not take them for deleted).
/// </summary>
internal sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue)
{
    /// <summary>Objects of this page that do not decode into <typeparamref name="T"/>.</summary>
    public IReadOnlyList<UndecodableObject> Undecodable { get; init; } = [];
}

/// <summary>
/// The two API calls an informer needs for one kind, in one namespace or all (<c>null</c>).
/// Hides the typed built-in calls and the untyped custom-object calls behind one shape so the
/// informer's state machine can be driven by a scripted fake in tests.
/// </summary>
internal interface IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Lists one page (most recent state: no resourceVersion).</summary>
    Task<ListPage<T>> ListAsync(string? ns, string? labelSelector, int limit, string? continueToken, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks. Watch ERROR events (a 410
    /// among them) are passed to <paramref name="onError"/> as <see cref="KubernetesException"/>.
    /// An event whose object cannot be decoded is passed, with its type, to
    /// <paramref name="onUndecodable"/> in its place in the stream, which goes on.
    /// The sequence ends when the server closes the stream.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? ns,
        string? labelSelector,
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        Action<WatchEventType, UndecodableObject> onUndecodable,
        CancellationToken cancellationToken);
}
