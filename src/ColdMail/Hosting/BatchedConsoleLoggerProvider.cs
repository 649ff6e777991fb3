using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ColdMail.Hosting;

/// <summary>
/// The console log of <c>serve</c>, with the console logger's formatters and settings, written in batches:
/// each line is formatted on the thread that logs it and queued; one writer takes every line waiting, writes
/// them through a buffer and flushes once the queue is empty. Under load that is one write for many lines
/// instead of one each, and no thread waits on another's write. Lines are flushed at shutdown.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    private readonly Dictionary<string, ConsoleFormatter> _formatters;
    private readonly ConcurrentDictionary<string, BatchedConsoleLogger> _loggers = new();
    private readonly Channel<(string Text, bool Error)> _lines;
    private readonly Task _writer;
    private readonly int _maxQueued;
    private int _queued;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public BatchedConsoleLoggerProvider(
        IOptionsMonitor<ConsoleLoggerOptions> options,
        IEnumerable<ConsoleFormatter> formatters)
        : this(options, formatters, Console.OpenStandardOutput(), Console.OpenStandardError())
    {
    }

    internal BatchedConsoleLoggerProvider(
        IOptionsMonitor<ConsoleLoggerOptions> options,
        IEnumerable<ConsoleFormatter> formatters,
        Stream output,
        Stream error)
    {
        _options = options;
        _formatters = formatters.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _maxQueued = options.CurrentValue.MaxQueueLength;
        // Unbounded with one reader is lock-free for writers; the cap is counted here instead.
        _lines = Channel.CreateUnbounded<(string, bool)>(new UnboundedChannelOptions { SingleReader = true });
        _writer = Task.Run(() => WriteLinesAsync(output, error));
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        // What was logged before the stop still reaches the console; a stuck console does not hold the stop.
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    // The formatter's own IncludeScopes decides whether scopes are written.
    internal IExternalScopeProvider Scopes => _scopes;

    internal ConsoleFormatter Formatter
        => _formatters.GetValueOrDefault(_options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple)
            ?? _formatters[ConsoleFormatterNames.Simple];

    internal void Enqueue(string text, LogLevel level)
    {
        var options = _options.CurrentValue;
        var spin = new SpinWait();
        while (Interlocked.Increment(ref _queued) > _maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            if (options.QueueFullMode == ConsoleLoggerQueueFullMode.DropWrite || _writer.IsCompleted)
            {
                return;
            }
            // The queue is full: the logging thread waits for room, as the console logger's would.
            spin.SpinOnce();
        }
        if (!_lines.Writer.TryWrite((text, level >= options.LogToStandardErrorThreshold)))
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    private async Task WriteLinesAsync(Stream outputStream, Stream errorStream)
    {
        // Written synchronously: the console streams have no asynchronous writes of their own.
        using var output = new StreamWriter(outputStream, new UTF8Encoding(false), 64 * 1024);
        using var error = new StreamWriter(errorStream, new UTF8Encoding(false), 16 * 1024);
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync())
        {
            var (wroteOutput, wroteError) = (false, false);
            try
            {
                while (reader.TryRead(out var line))
                {
                    Interlocked.Decrement(ref _queued);
                    (line.Error ? error : output).Write(line.Text);
                    wroteOutput |= !line.Error;
                    wroteError |= line.Error;
                }
                if (wroteOutput)
                {
                    output.Flush();
                }
                if (wroteError)
                {
                    error.Flush();
                }
            }
            catch (IOException)
            {
                // The console went away (a closed pipe): the lines are lost, the server goes on.
            }
        }
    }
}
