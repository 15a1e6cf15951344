using Cronos;

namespace SparkOperator.Scheduling;

/// <summary>
/// A parsed <c>schedule</c> in its <c>timeZone</c>: five cron fields or one of CronJob's macros,
/// read as the Kubernetes CronJob reads them (no seconds field, the time zone in its own field).
/// </summary>
public sealed class CronSchedule
{
    /// <summary>The macros CronJob accepts; Cronos also knows per-second ones, which a Spark job has no use for.</summary>
    public static IReadOnlyList<string> Macros { get; } = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    private readonly CronExpression expression;
    private readonly TimeZoneInfo zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        this.expression = expression;
        this.zone = zone;
    }

    /// <summary>The newest tick at or before <paramref name="now"/>, or null.</summary>
    public DateTime? Previous(DateTime now) =>
        expression.GetPreviousOccurrence(new DateTimeOffset(now, TimeSpan.Zero), zone, inclusive: true)?.UtcDateTime;

    /// <summary>The first tick after <paramref name="now"/>, or null when there is none (a day that never comes, such as the thirtieth of February).</summary>
    public DateTime? Next(DateTime now) =>
        expression.GetNextOccurrence(new DateTimeOffset(now, TimeSpan.Zero), zone, inclusive: false)?.UtcDateTime;

    /// <summary>Parses both fields; on failure <paramref name="problems"/> holds (field, reason) pairs.</summary>
    public static bool TryParse(string? schedule, string? timeZone, out CronSchedule? parsed, out IReadOnlyList<(string Field, string Message)> problems)
    {
        var found = new List<(string, string)>();
        var expression = ParseExpression(schedule, found);
        var zone = ParseZone(timeZone, found);
        problems = found;
        parsed = expression is not null && zone is not null ? new CronSchedule(expression, zone) : null;
        return parsed is not null;
    }

    private static CronExpression? ParseExpression(string? schedule, List<(string, string)> problems)
    {
        var text = schedule?.Trim() ?? "";
        if (text.Length == 0)
        {
            problems.Add(("schedule", "is required: five cron fields (minute hour day-of-month month day-of-week) or a macro such as @daily"));
            return null;
        }

        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            problems.Add(("schedule", "must not name a time zone; set spec.timeZone instead"));
            return null;
        }

        if (text.StartsWith('@'))
        {
            if (!Macros.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(("schedule", $"'{text}' is not a known macro; use one of {string.Join(", ", Macros)} or five cron fields"));
                return null;
            }
        }
        else if (text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            problems.Add(("schedule", $"'{text}' must have five fields (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\""));
            return null;
        }

        if (!CronExpression.TryParse(text, CronFormat.Standard, out var expression))
        {
            problems.Add(("schedule", $"'{text}' is not a valid cron expression (minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-6 or SUN-SAT)"));
            return null;
        }

        return expression;
    }

    private static TimeZoneInfo? ParseZone(string? timeZone, List<(string, string)> problems)
    {
        if (string.IsNullOrEmpty(timeZone))
        {
            return TimeZoneInfo.Utc;
        }

        // An IANA name is letters, digits, '_', '-', '+' in parts joined by '/'; anything else (a
        // path, "Local") is refused before the zone database is asked.
        var wellFormed = timeZone.Split('/').All(part => part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '+'));
        if (wellFormed && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) && zone.HasIanaId)
        {
            return zone;
        }

        problems.Add(("timeZone", $"'{timeZone}' is not a known IANA time zone, e.g. Europe/Berlin or America/New_York"));
        return null;
    }
}
