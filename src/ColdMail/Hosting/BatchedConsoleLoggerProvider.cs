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
        var settings = options.CurrentValue;
        _lines = Channel.CreateBounded<(string, bool)>(new BoundedChannelOptions(settings.MaxQueueLength)
        {
            SingleReader = true,
            FullMode = settings.QueueFullMode == ConsoleLoggerQueueFullMode.DropWrite
                ? BoundedChannelFullMode.DropWrite
                : BoundedChannelFullMode.Wait,
        });
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
        var line = (text, level >= _options.CurrentValue.LogToStandardErrorThreshold);
        if (!_lines.Writer.TryWrite(line) && _options.CurrentValue.QueueFullMode == ConsoleLoggerQueueFullMode.Wait)
        {
            // The queue is full: the logging thread waits for room, as the console logger's would.
            _lines.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task WriteLinesAsync(Stream outputStream, Stream errorStream)
    {
        await using var output = new StreamWriter(outputStream, new UTF8Encoding(false), 64 * 1024);
        await using var error = new StreamWriter(errorStream, new UTF8Encoding(false), 16 * 1024);
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync())
        {
            var (wroteOutput, wroteError) = (false, false);
            while (reader.TryRead(out var line))
            {
                await (line.Error ? error : output).WriteAsync(line.Text);
                wroteOutput |= !line.Error;
                wroteError |= line.Error;
            }
            try
            {
                if (wroteOutput)
                {
                    await output.FlushAsync();
                }
                if (wroteError)
                {
                    await error.FlushAsync();
                }
            }
            catch (IOException)
            {
                // The console went away (a closed pipe): the lines are lost, the server goes on.
            }
        }
    }
}
