using Microsoft.Extensions.Logging;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Sends an in-process operator's log lines (Information and up) to a test's "what it saw" log.</summary>
internal sealed class CallbackLoggerProvider(Action<string> write) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CallbackLogger(categoryName, write);

    public void Dispose()
    {
    }

    private sealed class CallbackLogger(string category, Action<string> write) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            write($"{logLevel} {category.Split('.')[^1]}: {formatter(state, exception)}{(exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})")}");
    }
}
