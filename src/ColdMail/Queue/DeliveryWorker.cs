using ColdMail.Configuration;
using ColdMail.Delivery;
using Microsoft.Extensions.Options;

namespace ColdMail.Queue;

/// <summary>
/// The delivery workers of <c>serve</c>: <c>Delivery:Workers</c> loops that lease and deliver, sleeping
/// between polls unless <see cref="QueueSignal"/> says new mail was committed. At shutdown no new work is
/// taken; deliveries in flight get <c>Delivery:ShutdownTimeoutSeconds</c> to finish, then are cut off and
/// their recipients released, so nothing is lost and nothing waits for a lease to run out.
/// </summary>
internal sealed partial class DeliveryWorker(
    QueueProcessor processor,
    QueueSignal signal,
    ConnectionPool pool,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly DeliveryOptions _options = options.Value.Delivery;
    private readonly string _instance = $"{options.Value.Smtp.Hostname}/{Guid.NewGuid().ToString("N")[..8]}";
    private readonly CancellationTokenSource _abort = new();
    private ITimer? _abortTimer;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, _options.Workers, _instance);
        var loops = Enumerable.Range(0, _options.Workers)
            .Select(i => Task.Run(() => RunAsync($"{_instance}/{i}", stoppingToken), CancellationToken.None))
            .ToList();
        await Task.WhenAll(loops);
        await pool.PruneAsync(CancellationToken.None);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromSeconds(_options.ShutdownTimeoutSeconds);
        _abortTimer = time.CreateTimer(_ => _abort.Cancel(), null, grace, Timeout.InfiniteTimeSpan);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abortTimer?.Dispose();
        _abort.Dispose();
        base.Dispose();
    }

    private async Task RunAsync(string owner, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            int leased;
            try
            {
                leased = await processor.RunOnceAsync(owner, stopping, _abort.Token);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database is away or a bug surfaced: the leases run out on their own; try again later.
                LogPassFailed(logger, ex, owner);
                leased = 0;
            }
            if (leased >= _options.BatchSize)
            {
                // A full batch suggests more is due: wake a sibling rather than leave it to the next poll.
                signal.Notify();
            }
            if (leased == 0)
            {
                await WaitAsync(stopping);
            }
        }
    }

    private async Task WaitAsync(CancellationToken stopping)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var poll = Task.Delay(TimeSpan.FromSeconds(_options.PollIntervalSeconds), time, wake.Token);
        var signalled = signal.WaitAsync(Timeout.InfiniteTimeSpan, wake.Token);
        await Task.WhenAny(poll, signalled);
        await wake.CancelAsync();
        await pool.PruneAsync(CancellationToken.None);
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information,
        Message = "Delivery started with {Workers} workers as {Instance}")]
    private static partial void LogStarted(ILogger logger, int workers, string instance);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error, Message = "A delivery pass of {Owner} failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string owner);
}
