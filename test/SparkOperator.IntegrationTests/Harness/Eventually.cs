using System.Diagnostics;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Waits for a condition by polling, up to a timeout; never a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Default time a condition gets.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="what"/> and <paramref name="describe"/>'s state.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is not AssertionException)
            {
                last = e;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}.{(last is null ? string.Empty : $" Last error: {last.Message}")}{(describe is null ? string.Empty : $"\n{describe()}")}");
    }

    /// <summary>Polls a synchronous condition.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? describe = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, describe);

    /// <summary>Polls <paramref name="get"/> until its value satisfies <paramref name="predicate"/>, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> get, Func<T, bool> predicate, string what, TimeSpan? timeout = null, Func<string>? describe = null)
    {
        T? found = default;
        await UntilAsync(async () => (found = await get()) is { } value && predicate(value), what, timeout, describe);
        return found!;
    }
}
