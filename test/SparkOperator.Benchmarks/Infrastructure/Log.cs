using System.Globalization;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>Progress lines on stderr, so stdout holds only the results.</summary>
internal static class Log
{
    private static readonly DateTime Started = DateTime.UtcNow;

    public static TextWriter Writer { get; set; } = Console.Error;

    public static void Info(string message)
    {
        var elapsed = (DateTime.UtcNow - Started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        lock (Writer)
        {
            Writer.WriteLine($"[{elapsed,7}s] {message}");
            Writer.Flush();
        }
    }
}
