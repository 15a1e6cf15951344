using System.Globalization;
using SparkOperator.Submission;

namespace SparkOperator.Scheduling;

/// <summary>
/// The name of a tick's run: a pure function of the scheduled application's name and the tick, so
/// every operator process (after a restart, a new leader) creating the run for one tick creates the
/// same object and the API server refuses the second (409 AlreadyExists).
/// </summary>
public static class RunNames
{
    /// <summary><c>NAME-UNIXMINUTES</c>, cut and hashed to stay a label value (ResourceNames.Fit).</summary>
    public static string For(string scheduledApp, DateTime tick) =>
        ResourceNames.Fit(scheduledApp, "-" + UnixMinutes(tick).ToString(CultureInfo.InvariantCulture));

    /// <summary>The value of the run's scheduled-app label.</summary>
    public static string Label(string scheduledApp) => ResourceNames.Fit(scheduledApp, "");

    private static long UnixMinutes(DateTime tick) =>
        new DateTimeOffset(DateTime.SpecifyKind(tick, DateTimeKind.Utc)).ToUnixTimeSeconds() / 60;
}
