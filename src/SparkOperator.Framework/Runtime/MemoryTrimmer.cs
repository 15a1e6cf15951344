using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SparkOperator.Framework.Runtime;

/// <summary>
/// Gives memory the GC no longer uses back to the system. The GC keeps the memory a burst made
/// it commit (a start-up LIST of thousands of pods, a wave of submissions, a large admission
/// review) for the allocations it expects next, and a workstation GC in a mostly idle process
/// rarely runs the full collection that would release it. An operator's memory limit is sized
/// for its steady state, so every <see cref="MemoryTrimOptions.Interval"/>, when the committed
/// memory exceeds the live heap by more than <see cref="MemoryTrimOptions.MinimumSlackBytes"/>,
/// this runs one compacting, decommitting collection (a pause of tens of milliseconds for a heap
/// of 100 MB).
/// </summary>
public sealed partial class MemoryTrimmer(MemoryTrimOptions options, TimeProvider time, ILogger<MemoryTrimmer> logger) : BackgroundService
{
    /// <summary>True when the slack (committed minus live bytes) is worth a full collection.</summary>
    public static bool ShouldTrim(long committedBytes, long liveBytes, long minimumSlackBytes) =>
        committedBytes - liveBytes >= minimumSlackBytes;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var info = GC.GetGCMemoryInfo();
            var live = info.HeapSizeBytes - info.FragmentedBytes;
            if (!ShouldTrim(info.TotalCommittedBytes, live, options.MinimumSlackBytes))
            {
                continue;
            }

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var after = GC.GetGCMemoryInfo();
            Trimmed(logger, info.TotalCommittedBytes / (1024 * 1024), after.TotalCommittedBytes / (1024 * 1024), (after.HeapSizeBytes - after.FragmentedBytes) / (1024 * 1024));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory trimmed: GC committed {BeforeMb} MB -> {AfterMb} MB, live {LiveMb} MB")]
    private static partial void Trimmed(ILogger logger, long beforeMb, long afterMb, long liveMb);
}

/// <summary>When <see cref="MemoryTrimmer"/> looks and how much slack it tolerates.</summary>
public sealed record MemoryTrimOptions
{
    /// <summary>How often to look; zero or less disables trimming.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Committed-but-unused GC memory tolerated before a collection is worth it.</summary>
    public long MinimumSlackBytes { get; init; } = 24L * 1024 * 1024;
}

/// <summary>Registers <see cref="MemoryTrimmer"/>.</summary>
public static class MemoryTrimmerServiceCollectionExtensions
{
    /// <summary>Adds the trimmer, configured from <c>Runtime:MemoryTrim:Interval</c> and <c>Runtime:MemoryTrim:MinimumSlackMb</c>.</summary>
    public static IServiceCollection AddMemoryTrimmer(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Runtime:MemoryTrim");
        var defaults = new MemoryTrimOptions();
        services.AddSingleton(new MemoryTrimOptions
        {
            Interval = section.GetValue("Interval", defaults.Interval),
            MinimumSlackBytes = section.GetValue("MinimumSlackMb", defaults.MinimumSlackBytes / (1024 * 1024)) * 1024 * 1024,
        });
        services.AddHostedService(sp => new MemoryTrimmer(
            sp.GetRequiredService<MemoryTrimOptions>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<MemoryTrimmer>>()));
        return services;
    }
}
