using Microsoft.Extensions.Logging.Abstractions;

namespace ColdMail.Hosting;

/// <summary>One category's logger of <see cref="BatchedConsoleLoggerProvider"/>.</summary>
internal sealed class BatchedConsoleLogger(string category, BatchedConsoleLoggerProvider provider) : ILogger
{
    [ThreadStatic]
    private static StringWriter? t_writer;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => provider.Scopes.Push(state);

    // The host's filters decide the levels; None is never written.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var writer = t_writer ??= new StringWriter();
        var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
        provider.Formatter.Write(in entry, provider.Scopes, writer);
        var builder = writer.GetStringBuilder();
        if (builder.Length == 0)
        {
            return;
        }
        var text = builder.ToString();
        builder.Clear();
        // A writer that grew for a long exception is not kept at that size.
        if (builder.Capacity > 16 * 1024)
        {
            builder.Capacity = 1024;
        }
        provider.Enqueue(text, logLevel);
    }
}
