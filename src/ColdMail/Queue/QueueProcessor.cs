using ColdMail.Configuration;
using ColdMail.Delivery;
using Microsoft.Extensions.Options;

namespace ColdMail.Queue;

/// <summary>
/// One pass of one worker: lease a batch, deliver it group by group, write each group's outcomes, and
/// give back whatever was not attempted. Nothing leased is ever dropped: it is recorded or released,
/// and if the process dies first, its lease runs out.
/// </summary>
internal sealed partial class QueueProcessor(
    RecipientLeaser leaser,
    DeliveryAgent agent,
    OutcomeRecorder recorder,
    DestinationLimiter limiter,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<QueueProcessor> logger)
{
    private readonly DeliveryOptions _options = options.Value.Delivery;
    private readonly TimeSpan _leaseTime = TimeSpan.FromSeconds(options.Value.Delivery.LeaseSeconds);

    /// <summary>Delivers one batch; returns how many recipients were leased (0 when nothing was due).</summary>
    /// <param name="owner">The lease owner: unique per worker and process.</param>
    /// <param name="stopping">Stop taking new work: groups not started are released.</param>
    /// <param name="abort">Stop now: the group in flight is cut off and released too.</param>
    public async Task<int> RunOnceAsync(string owner, CancellationToken stopping, CancellationToken abort)
    {
        if (stopping.IsCancellationRequested)
        {
            return 0;
        }
        var leased = await leaser.LeaseAsync(owner, _options.BatchSize, abort);
        if (leased.Count == 0)
        {
            return 0;
        }

        var pending = leased.Select(r => r.Id).ToHashSet();
        var leaseEnds = leased.Min(r => r.LeaseExpiresAt) ?? time.GetUtcNow();
        try
        {
            foreach (var group in RecipientGroup.From(leased))
            {
                if (stopping.IsCancellationRequested)
                {
                    break;
                }
                // The batch may have waited behind slow groups: once half the lease is gone, renew before the
                // next group and skip what was lost. Until then nobody else can hold the rows.
                IReadOnlySet<long> held = pending;
                var now = time.GetUtcNow();
                if (leaseEnds - now < _leaseTime / 2)
                {
                    held = await leaser.RenewAsync(owner, pending, abort);
                    leaseEnds = now + _leaseTime;
                }
                var current = group with { Recipients = [.. group.Recipients.Where(r => held.Contains(r.Id))] };
                if (current.Recipients.Count > 0)
                {
                    await DeliverAsync(owner, current, abort);
                }
                pending.ExceptWith(group.Recipients.Select(r => r.Id));
            }
        }
        finally
        {
            if (pending.Count > 0)
            {
                // Given back as they were, so a restart or another node picks them up at once.
                var released = await leaser.ReleaseAsync(owner, pending, null, CancellationToken.None);
                LogReleased(logger, released, owner);
            }
        }
        return leased.Count;
    }

    private async Task DeliverAsync(string owner, RecipientGroup group, CancellationToken abort)
    {
        var ids = group.Recipients.Select(r => r.Id).ToList();
        var pollInterval = TimeSpan.FromSeconds(_options.PollIntervalSeconds);
        var slot = limiter.TryEnter(group.Domain) ?? await WaitForSlotAsync(group.Domain, pollInterval, abort);
        if (slot is null)
        {
            // The destination stayed at its cap for a whole poll interval: back in the queue for another,
            // no attempt counted.
            var later = time.GetUtcNow() + pollInterval;
            await leaser.ReleaseAsync(owner, ids, later, CancellationToken.None);
            LogThrottled(logger, group.MessageId, group.Domain);
            return;
        }

        (MessageInfo Message, IReadOnlyList<RecipientOutcome> Outcomes)? delivered;
        using (slot)
        {
            // The slot covers the conversation only: the destination is free again while the outcome is written.
            delivered = await agent.DeliverAsync(group, abort);
        }
        if (delivered is not { } done)
        {
            var later = time.GetUtcNow() + _options.EffectiveRetrySchedule[0];
            await leaser.ReleaseAsync(owner, ids, later, CancellationToken.None);
            return;
        }
        // Written even while shutting down: the remote side has already acted on this attempt.
        await recorder.RecordAsync(owner, done.Message, done.Outcomes, CancellationToken.None);
    }

    /// <summary>
    /// Waits in turn for a slot at a destination at its cap, for at most one poll interval; null if none came.
    /// </summary>
    private async Task<IDisposable?> WaitForSlotAsync(string domain, TimeSpan pollInterval, CancellationToken abort)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(abort);
        using var timer = time.CreateTimer(_ => giveUp.Cancel(), null, pollInterval, Timeout.InfiniteTimeSpan);
        var slot = await limiter.EnterAsync(domain, giveUp.Token);
        if (abort.IsCancellationRequested)
        {
            slot?.Dispose();
            abort.ThrowIfCancellationRequested();
        }
        return slot;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug,
        Message = "Message {MessageId}: {Domain} is at its connection cap; the recipients wait a poll interval")]
    private static partial void LogThrottled(ILogger logger, Guid messageId, string domain);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Released {Count} recipients leased by {Owner} without an attempt")]
    private static partial void LogReleased(ILogger logger, int count, string owner);
}
