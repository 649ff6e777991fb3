namespace ColdMail.Logs.Webhooks;

/// <summary>Runs <see cref="WebhookDispatcher"/> in the background of <c>serve</c> every few seconds.</summary>
public sealed partial class WebhookDispatchService(
    WebhookDispatcher dispatcher,
    TimeProvider time,
    ILogger<WebhookDispatchService> logger) : BackgroundService
{
    // Events reach receivers within seconds while an idle server costs two small queries per interval.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong (a busy database, a webhook removed mid-pass), it must not stop the
                // host that serves mail; the deliveries wait in their table for the next pass.
                LogPassFailed(logger, error);
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning,
        Message = "Webhook pass failed; it runs again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception error);
}
