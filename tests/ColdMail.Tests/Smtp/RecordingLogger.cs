using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ColdMail.Tests.Smtp;

/// <summary>Keeps every log line, scopes included, so tests can check what would be written.</summary>
public sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Text, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        Entries.Enqueue((LogLevel.None, default, state.ToString() ?? string.Empty, null));
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
    }
}
