using System.Globalization;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>CPU seconds (user + system) of a process, from /proc/PID/stat.</summary>
internal static class ProcessCpu
{
    private const double ClockTicks = 100.0;

    public static double Seconds(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return 0;
        }

        // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicks;
    }

    /// <summary>This process (the benchmark: its clients, fake spark-submit and watches).</summary>
    public static double Self() => Seconds(Environment.ProcessId);
}
