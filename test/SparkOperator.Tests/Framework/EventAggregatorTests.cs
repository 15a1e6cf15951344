using System.Text.RegularExpressions;
using SparkOperator.Framework.Events;

namespace SparkOperator.Tests.Framework;

public partial class EventAggregatorTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public void The_same_event_is_aggregated_into_one_name_with_a_growing_count()
    {
        var aggregator = new EventAggregator();
        var first = aggregator.Observe("app", "uid-1", "Normal", "Submitted", "job created", T0);
        var second = aggregator.Observe("app", "uid-1", "Normal", "Submitted", "job created", T0.AddSeconds(5));

        Assert.That((first.Count, second.Count), Is.EqualTo((1, 2)));
        Assert.That(second.Name, Is.EqualTo(first.Name));
        Assert.That(second.FirstSeen, Is.EqualTo(T0));
    }

    [Test]
    public void A_different_message_reason_type_or_object_is_a_different_event()
    {
        var aggregator = new EventAggregator();
        var names = new[]
        {
            aggregator.Observe("app", "uid-1", "Normal", "Submitted", "a", T0).Name,
            aggregator.Observe("app", "uid-1", "Normal", "Submitted", "b", T0).Name,
            aggregator.Observe("app", "uid-1", "Normal", "Failed", "a", T0).Name,
            aggregator.Observe("app", "uid-1", "Warning", "Submitted", "a", T0).Name,
            aggregator.Observe("app", "uid-2", "Normal", "Submitted", "a", T0).Name,
        };

        Assert.That(names.Distinct().Count(), Is.EqualTo(5));
    }

    [Test]
    public void Names_are_deterministic_and_dns_safe_even_for_long_object_names()
    {
        var longName = new string('a', 250) + ".b";
        var name = EventAggregator.EventName(longName, "UID", "Warning", "Reason", "Message With Spaces");

        Assert.That(name, Is.EqualTo(EventAggregator.EventName(longName, "UID", "Warning", "Reason", "Message With Spaces")));
        Assert.That(name, Has.Length.LessThanOrEqualTo(253));
        Assert.That(DnsSubdomain().IsMatch(name), Is.True, name);
    }

    [Test]
    public void The_memory_of_counts_is_bounded()
    {
        var aggregator = new EventAggregator(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            aggregator.Observe("app", "uid", "Normal", "R", $"m{i}", T0);
        }

        Assert.That(aggregator.Count, Is.EqualTo(3));
        Assert.That(aggregator.Observe("app", "uid", "Normal", "R", "m9", T0).Count, Is.EqualTo(2), "recent entries are kept");
        Assert.That(aggregator.Observe("app", "uid", "Normal", "R", "m0", T0).Count, Is.EqualTo(1), "the oldest were evicted");
    }

    [Test]
    public void Correct_continues_a_count_found_on_the_server()
    {
        var aggregator = new EventAggregator();
        aggregator.Observe("app", "uid", "Normal", "R", "m", T0);
        aggregator.Correct("app", "uid", "Normal", "R", "m", 7, T0.AddHours(-1));

        var next = aggregator.Observe("app", "uid", "Normal", "R", "m", T0);
        Assert.That((next.Count, next.FirstSeen), Is.EqualTo((8, T0.AddHours(-1))));
    }

    [Test]
    public void Writes_are_rate_limited_by_a_token_bucket()
    {
        var aggregator = new EventAggregator(tokensPerSecond: 2, burst: 3);
        var burst = Enumerable.Range(0, 5).Select(_ => aggregator.TryAcquire(T0)).ToList();

        Assert.That(burst, Is.EqualTo(new[] { true, true, true, false, false }));
        Assert.That(aggregator.TryAcquire(T0.AddSeconds(0.5)), Is.True, "one token refilled after half a second at 2/s");
        Assert.That(aggregator.TryAcquire(T0.AddSeconds(0.5)), Is.False);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
