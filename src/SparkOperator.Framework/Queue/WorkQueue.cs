namespace SparkOperator.Framework.Queue;

/// <summary>
/// A keyed work queue with client-go semantics, on a <see cref="TimeProvider"/>:
/// a key waiting in the queue is there once however often it is added (dedupe); a key being
/// processed is never handed out again until <see cref="Done"/> (an add meanwhile is remembered
/// and queued by Done); <see cref="AddAfter"/> keeps the earliest due time per key;
/// <see cref="AddRateLimited"/> delays by a per-key exponential backoff that <see cref="Forget"/>
/// resets; after <see cref="ShutDown"/> no key is accepted, queued keys are still handed out, and
/// <see cref="GetAsync"/> then reports shutdown.
/// </summary>
internal sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, long> _enqueuedAt = [];
    private readonly Dictionary<TKey, DateTimeOffset> _dueAt = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> _delayed = new();
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly LinkedList<TaskCompletionSource<bool>> _waiters = new();
    private readonly ITimer _timer;
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _shuttingDown;

    public WorkQueue(TimeProvider time, ExponentialBackoff backoff)
    {
        _time = time;
        _backoff = backoff;
        _timer = time.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready to be handed out (not counting delayed or in-flight ones).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for their due time.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_lock)
            {
                return _dueAt.Count;
            }
        }
    }

    /// <summary>How long the key queued longest ago has waited to be handed out; zero when none is ready.</summary>
    public TimeSpan LongestWait
    {
        get
        {
            lock (_lock)
            {
                return _enqueuedAt.Count == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_enqueuedAt.Values.Min());
            }
        }
    }

    /// <summary>Called with the time a key waited between being queued and being handed out.</summary>
    public Action<TimeSpan>? OnWaited { get; set; }

    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key);
        }
    }

    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_dueAt.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }

            _dueAt[key] = due;
            _delayed.Enqueue(key, due);
            ArmTimerLocked();
        }
    }

    /// <summary>Adds after this key's next backoff delay; each call without Forget doubles it.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(key) + 1;
            _failures[key] = failures;
            delay = _backoff.Delay(failures);
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>How many times the key was rate limited since the last Forget.</summary>
    public int Failures(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Resets the key's backoff (call after a successful run).</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it in flight. Returns <c>(default, true)</c> once the queue is shut
    /// down and empty.
    /// </summary>
    public async Task<(TKey Key, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<bool> waiter;
            LinkedListNode<TaskCompletionSource<bool>> node;
            lock (_lock)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    if (_enqueuedAt.Remove(key, out var at))
                    {
                        OnWaited?.Invoke(_time.GetElapsedTime(at));
                    }

                    return (key, false);
                }

                if (_shuttingDown)
                {
                    return (default!, true);
                }

                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                node = _waiters.AddLast(waiter);
            }

            using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
            {
                try
                {
                    await waiter.Task.ConfigureAwait(false);
                }
                finally
                {
                    lock (_lock)
                    {
                        if (node.List is not null)
                        {
                            _waiters.Remove(node);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Marks the key no longer in flight; queues it again if it was added meanwhile.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                EnqueueLocked(key);
            }

            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>Stops accepting keys and drops delayed ones; queued keys are still handed out.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            _dueAt.Clear();
            _delayed.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            WakeAllLocked();
        }
    }

    /// <summary>Completes when no key is in flight.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_processing.Count == 0)
            {
                return Task.CompletedTask;
            }

            if (_drained.Task.IsCompleted)
            {
                _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _drained.Task;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void AddLocked(TKey key)
    {
        if (_shuttingDown || !_dirty.Add(key))
        {
            return;
        }

        if (_processing.Contains(key))
        {
            return;
        }

        EnqueueLocked(key);
    }

    private void EnqueueLocked(TKey key)
    {
        _queue.Enqueue(key);
        _enqueuedAt.TryAdd(key, _time.GetTimestamp());
        var first = _waiters.First;
        if (first is not null)
        {
            _waiters.RemoveFirst();
            first.Value.TrySetResult(true);
        }
    }

    private void WakeAllLocked()
    {
        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult(true);
        }

        _waiters.Clear();
    }

    private void PromoteDue()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_delayed.TryPeek(out var key, out var due) && due <= now)
            {
                _delayed.Dequeue();

                // A stale heap entry: the key was promoted earlier or re-scheduled to an earlier time.
                if (!_dueAt.TryGetValue(key, out var current) || current != due)
                {
                    continue;
                }

                _dueAt.Remove(key);
                AddLocked(key);
            }

            ArmTimerLocked();
        }
    }

    private static readonly TimeSpan LongestTimerWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private void ArmTimerLocked()
    {
        while (_delayed.TryPeek(out var key, out var due))
        {
            if (_dueAt.TryGetValue(key, out var current) && current == due)
            {
                // A timer's wait is bounded, and past the bound it throws on its own thread; a longer
                // delay (a yearly schedule) wakes early, finds nothing due and re-arms.
                var wait = due - _time.GetUtcNow();
                _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestTimerWait ? LongestTimerWait : wait, Timeout.InfiniteTimeSpan);
                return;
            }

            _delayed.Dequeue();
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
