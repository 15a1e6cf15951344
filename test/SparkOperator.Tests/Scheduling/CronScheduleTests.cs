using SparkOperator.Scheduling;

namespace SparkOperator.Tests.Scheduling;

public class CronScheduleTests
{
    private static CronSchedule Parse(string schedule, string? zone = null)
    {
        Assert.That(CronSchedule.TryParse(schedule, zone, out var parsed, out var problems), Is.True, string.Join("; ", problems));
        return parsed!;
    }

    [TestCase("0 2 * * *")]
    [TestCase("*/15 8-18 * * MON-FRI")]
    [TestCase("@daily")]
    [TestCase("@hourly")]
    [TestCase("@weekly")]
    [TestCase("@monthly")]
    [TestCase("@yearly")]
    [TestCase("@annually")]
    [TestCase("@midnight")]
    public void Five_fields_and_CronJob_macros_parse(string schedule) => Parse(schedule);

    [TestCase("", "is required")]
    [TestCase("0 2 * *", "must have five fields")]
    [TestCase("0 0 2 * * *", "must have five fields")]
    [TestCase("61 * * * *", "is not a valid cron expression")]
    [TestCase("@every_second", "is not a known macro")]
    [TestCase("CRON_TZ=Europe/Berlin 0 2 * * *", "set spec.timeZone instead")]
    public void A_bad_schedule_says_why(string schedule, string reason)
    {
        Assert.That(CronSchedule.TryParse(schedule, null, out _, out var problems), Is.False);
        Assert.That(problems.Single().Field, Is.EqualTo("schedule"));
        Assert.That(problems.Single().Message, Does.Contain(reason));
    }

    [TestCase("Mars/Olympus")]
    [TestCase("../../etc/passwd")]
    [TestCase("Local")]
    [TestCase("W. Europe Standard Time")]
    public void A_time_zone_must_be_a_known_IANA_name(string zone)
    {
        Assert.That(CronSchedule.TryParse("0 2 * * *", zone, out _, out var problems), Is.False);
        Assert.That(problems.Single(), Is.EqualTo(("timeZone", $"'{zone}' is not a known IANA time zone, e.g. Europe/Berlin or America/New_York")));
    }

    [Test]
    public void Ticks_are_read_in_the_time_zone_across_a_daylight_saving_change()
    {
        var berlin = Parse("0 2 * * *", "Europe/Berlin");

        // 02:00 in Berlin is 01:00 UTC in winter and 00:00 UTC in summer.
        Assert.That(berlin.Next(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc)), Is.EqualTo(new DateTime(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc)));
        Assert.That(berlin.Next(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)), Is.EqualTo(new DateTime(2026, 7, 2, 0, 0, 0, DateTimeKind.Utc)));
        Assert.That(berlin.Previous(new DateTime(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc)), Is.EqualTo(new DateTime(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc)), "a tick is due at its own instant");
    }

    [Test]
    public void A_schedule_that_never_fires_has_no_next_tick() =>
        Assert.That(Parse("0 0 30 2 *").Next(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)), Is.Null);
}
