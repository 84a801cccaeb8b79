using System.Collections.Concurrent;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>Keeps every log line the app writes, so tests can check what reaches the logs (and what must not).</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public ILogger CreateLogger(string categoryName) => new SinkLogger(categoryName, _lines);

    public void Dispose() { }

    private sealed class SinkLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.Message}");
    }
}
