namespace SparkOperator.Framework.Queue;

/// <summary>
/// Per-failure exponential delay with multiplicative jitter: base * 2^(failures-1), capped, then
/// stretched by up to <see cref="Jitter"/> so that many objects failing together spread out.
/// </summary>
internal sealed class ExponentialBackoff(TimeSpan initial, TimeSpan max, double jitter = 0.1, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Initial { get; } = initial;

    public TimeSpan Max { get; } = max;

    public double Jitter { get; } = jitter;

    /// <summary>The delay before retry number <paramref name="failures"/> (1 for the first failure).</summary>
    public TimeSpan Delay(int failures)
    {
        if (failures < 1)
        {
            return TimeSpan.Zero;
        }

        // 2^62 ticks overflows long arithmetic; anything past 40 doublings is past any sane cap.
        var exponent = Math.Min(failures - 1, 40);
        var ticks = Math.Min(Initial.Ticks * Math.Pow(2, exponent), Max.Ticks);
        var jittered = ticks * (1 + (Jitter * _random.NextDouble()));
        return TimeSpan.FromTicks((long)Math.Min(jittered, Max.Ticks * (1 + Jitter)));
    }
}
