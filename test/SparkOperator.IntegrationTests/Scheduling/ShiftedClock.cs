using Microsoft.Extensions.DependencyInjection;
using SparkOperator.Scheduling;

namespace SparkOperator.IntegrationTests.Scheduling;

/// <summary>
/// Real time plus an offset the test moves: the operator's schedule clock only, so a daily
/// schedule can tick in seconds while leases, watches and queues keep real time.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>Moves the clock so that it now reads <paramref name="utc"/>.</summary>
    public void MoveTo(DateTime utc) =>
        Interlocked.Exchange(ref offsetTicks, (DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UtcNow).Ticks);

    /// <summary>Hands this clock to an operator as its schedule clock.</summary>
    public void Register(IServiceCollection services) => services.AddSingleton(new ScheduleClock(this));
}
