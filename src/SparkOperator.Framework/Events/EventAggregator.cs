using System.Security.Cryptography;
using System.Text;

namespace SparkOperator.Framework.Events;

/// <summary>What to write for one recorded event: its deterministic name and the count it reaches.</summary>
internal readonly record struct EventOccurrence(string Name, int Count, DateTime FirstSeen);

/// <summary>
/// Pure bookkeeping of the event recorder: aggregates (object UID, type, reason, message) into one
/// Event with a deterministic DNS-1123 name (so a restarted operator finds it again), remembers
/// counts in a bounded LRU, and rate-limits writes with a token bucket. Not thread-safe by itself.
/// </summary>
internal sealed class EventAggregator(int capacity = 4096, double tokensPerSecond = 10, int burst = 50)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, EventOccurrence Value)>> _entries = [];
    private readonly LinkedList<(string Key, EventOccurrence Value)> _lru = new();
    private double _tokens = burst;
    private DateTime _refilledAt = DateTime.MinValue;

    public int Count => _entries.Count;

    /// <summary>The Event name for this aggregation key: <c>{object name}.{16 hex}</c>, at most 253 chars.</summary>
    public static string EventName(string objectName, string uid, string type, string reason, string message)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{uid}\n{type}\n{reason}\n{message}"));
        var suffix = Convert.ToHexStringLower(hash, 0, 8);
        var prefix = objectName.Length > 236 ? objectName[..236] : objectName;
        return $"{prefix.TrimEnd('.', '-')}.{suffix}";
    }

    /// <summary>Takes one write token; false when the recorder is over its rate and should drop the event.</summary>
    public bool TryAcquire(DateTime now)
    {
        if (_refilledAt != DateTime.MinValue)
        {
            _tokens = Math.Min(burst, _tokens + ((now - _refilledAt).TotalSeconds * tokensPerSecond));
        }

        _refilledAt = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }

    /// <summary>Records one more occurrence and returns the name and the new count (1 for a new Event).</summary>
    public EventOccurrence Observe(string objectName, string uid, string type, string reason, string message, DateTime now)
    {
        var key = $"{uid}\n{type}\n{reason}\n{message}";
        EventOccurrence next;
        if (_entries.TryGetValue(key, out var node))
        {
            _lru.Remove(node);
            next = node.Value.Value with { Count = node.Value.Value.Count + 1 };
        }
        else
        {
            next = new EventOccurrence(EventName(objectName, uid, type, reason, message), 1, now);
        }

        Remember(key, next);
        return next;
    }

    /// <summary>Corrects the remembered count after finding the Event already stored with <paramref name="count"/>.</summary>
    public void Correct(string objectName, string uid, string type, string reason, string message, int count, DateTime firstSeen)
    {
        var key = $"{uid}\n{type}\n{reason}\n{message}";
        if (_entries.TryGetValue(key, out var node))
        {
            _lru.Remove(node);
        }

        Remember(key, new EventOccurrence(EventName(objectName, uid, type, reason, message), count, firstSeen));
    }

    private void Remember(string key, EventOccurrence value)
    {
        _entries[key] = _lru.AddFirst((key, value));
        while (_entries.Count > capacity && _lru.Last is { } oldest)
        {
            _lru.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }
    }
}
