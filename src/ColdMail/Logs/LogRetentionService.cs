using System.Data.Common;
using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Logs;

/// <summary>Runs the retention purge in the background of <c>serve</c>: once at start, then every interval.</summary>
public sealed partial class LogRetentionService(
    LogRetention retention,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<LogRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.Logs.PurgeIntervalMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await retention.PurgeAsync(stoppingToken);
            }
            catch (Exception error) when (error is DbException or TimeoutException or InvalidOperationException
                && !stoppingToken.IsCancellationRequested)
            {
                // A busy or unreachable database: the next run tries again; nothing is lost by waiting.
                LogPurgeFailed(logger, error);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning,
        Message = "Retention purge failed; it runs again at the next interval")]
    private static partial void LogPurgeFailed(ILogger logger, Exception error);
}
