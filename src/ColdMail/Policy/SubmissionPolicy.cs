using System.Data.Common;
using ColdMail.Configuration;
using ColdMail.Domains;
using ColdMail.Logs;
using ColdMail.Queue;
using ColdMail.Smtp;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Policy;

/// <summary>
/// The product's rules behind the SMTP door, checked before each reply in the design's order: key
/// enabled, mailbox active, domain verified, nothing paused, MAIL FROM is the mailbox; then per
/// recipient the send limits and the suppression list; then the header From; then durable
/// acceptance. Every refusal is recorded with the reply given.
/// </summary>
internal sealed class SubmissionPolicy(
    SmtpLogin login,
    PolicyQueries queries,
    SendCounterStore counters,
    MessageAcceptor acceptor,
    RefusalRecorder refusals,
    ColdMailMetrics metrics,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<SubmissionPolicy> logger) : ISubmissionHandler
{
    // Giving units back is cleanup: it must run even when the session's token is cancelled.
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    public ValueTask<LoginOutcome> LoginAsync(
        SubmissionContext context,
        string userName,
        string password,
        CancellationToken cancellationToken)
        => login.LoginAsync(context, userName, password, cancellationToken);

    public async ValueTask<SmtpReply> MailFromAsync(
        SubmissionContext context,
        string reversePath,
        CancellationToken cancellationToken)
    {
        if (context.Sender is not { } sender)
        {
            return SmtpReplies.SenderNotLoggedIn;
        }
        // A transaction left open without RSET (a second MAIL) must not keep its units.
        await ReleaseAsync(context);

        try
        {
            var standing = await queries.StandingAsync(sender.AuthKeyId, cancellationToken);
            var refusal = StandingRefusal(standing, sender)
                ?? SenderChecks.ReversePath(reversePath, sender.Address);
            if (refusal is { } reply)
            {
                return await refusals.RefuseAsync(
                    context, sender, "MAIL", reply, [null], cancellationToken);
            }
            context.PolicyState = new TransactionState();
            return SmtpReplies.SenderAccepted(sender.Address);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            PolicyLog.StorageFailed(logger, exception, context.SessionId, "MAIL");
            return SmtpReplies.StorageFailure(context.SessionId);
        }
    }

    public async ValueTask<SmtpReply> RecipientAsync(
        SubmissionContext context,
        string address,
        CancellationToken cancellationToken)
    {
        if (context.Sender is not { } sender)
        {
            return SmtpReplies.SenderNotLoggedIn;
        }
        var state = context.PolicyState as TransactionState
            ?? throw new InvalidOperationException("RCPT reached the policy without an accepted MAIL.");

        try
        {
            var standing = await queries.StandingAsync(sender.AuthKeyId, cancellationToken);
            var recipient = Addresses.ForDelivery(address);
            var refusal = StandingRefusal(standing, sender) ?? CheckDomain(recipient, address);
            if (refusal is { } reply)
            {
                return await refusals.RefuseAsync(
                    context, sender, "RCPT", reply, [recipient ?? address], cancellationToken);
            }
            if (state.Recipients.Contains(recipient!))
            {
                // RFC 5321 §3.3 lets a duplicate RCPT be accepted; it is counted and stored once.
                // Local parts differing in case are different recipients (RFC 5321 §2.4).
                return SmtpReplies.RecipientAccepted(recipient!);
            }
            return await CheckLimitsAsync(
                context, sender, standing!, state, recipient!, cancellationToken);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            PolicyLog.StorageFailed(logger, exception, context.SessionId, "RCPT");
            return SmtpReplies.StorageFailure(context.SessionId);
        }
        catch (AcceptorStoppedException)
        {
            // On SQLite the acceptor writes the send counters: once it has stopped, no recipient can be counted.
            var reply = SmtpReplies.RecipientAcceptanceStopped;
            PolicyLog.Refused(logger, context.SessionId, "RCPT", reply.Code, reply.EnhancedCode, reply.Text);
            return reply;
        }
    }

    public async ValueTask<SmtpReply> MessageAsync(
        SubmissionContext context,
        ReadOnlyMemory<byte> message,
        CancellationToken cancellationToken)
    {
        if (context.Sender is not { } sender)
        {
            return SmtpReplies.SenderNotLoggedIn;
        }
        if (context.PolicyState is not TransactionState { Recipients.Count: > 0 } state)
        {
            throw new InvalidOperationException("DATA reached the policy without an accepted RCPT.");
        }
        var recipients = state.Recipients.ToList();

        try
        {
            var standing = await queries.StandingAsync(sender.AuthKeyId, cancellationToken);
            var now = time.GetUtcNow();
            var messageId = Guid.CreateVersion7(now);
            var prepared = StandingRefusal(standing, sender) is { } refusal
                ? PreparedMessage.Refused(refusal)
                : MessageHeaders.Prepare(message, sender.Address, messageId, now,
                    ReceivedField.For(context, options.Value.Smtp.Hostname, messageId, now));
            if (prepared.Refusal is { } reply)
            {
                await ReleaseAsync(context);
                return await refusals.RefuseAsync(
                    context, sender, "DATA", reply, recipients, cancellationToken);
            }

            var accepted = Acceptance.Of(context, sender, standing!, messageId, now, prepared, recipients);
            await acceptor.AcceptAsync(accepted, cancellationToken);
            // Committed: the units now belong to accepted mail and are never given back.
            state.Reservations.Clear();
            context.PolicyState = null;
            PolicyLog.Queued(logger, context.SessionId, messageId, recipients.Count);
            metrics.RecordAccepted(standing!.Domain.Name);
            return SmtpReplies.MessageQueued(messageId);
        }
        catch (AcceptorStoppedException)
        {
            await ReleaseAsync(context);
            var reply = SmtpReplies.AcceptanceStopped;
            metrics.RecordRejected(Addresses.DomainOf(sender.Address));
            PolicyLog.Refused(logger, context.SessionId, "DATA", reply.Code, reply.EnhancedCode, reply.Text);
            return reply;
        }
        catch (OperationCanceledException)
        {
            await ReleaseAsync(context);
            throw;
        }
        catch (Exception exception)
        {
            // Whatever failed, nothing of the message was committed (its transaction rolls back
            // as a whole), so the client is told to try again and the units go back.
            PolicyLog.StorageFailed(logger, exception, context.SessionId, "DATA");
            await ReleaseAsync(context);
            var reply = SmtpReplies.StorageFailure(context.SessionId);
            return await refusals.RefuseAsync(
                context, sender, "DATA", reply, recipients, cancellationToken);
        }
    }

    public async ValueTask AbandonAsync(SubmissionContext context, CancellationToken cancellationToken)
    {
        await ReleaseAsync(context);
        context.PolicyState = null;
    }

    private SmtpReply? StandingRefusal(SenderStanding? standing, AuthenticatedSender sender)
        => SenderChecks.Standing(standing, sender, time.GetUtcNow(), options.Value.Domains.FailingGrace);

    private static SmtpReply? CheckDomain(string? recipient, string given)
    {
        if (recipient is not null && RecipientDomains.IsDeliverable(Addresses.DomainOf(recipient)))
        {
            return null;
        }
        var domain = (recipient ?? given)[((recipient ?? given).LastIndexOf('@') + 1)..].TrimEnd('>');
        return SmtpReplies.RecipientDomainRefused(domain);
    }

    private async Task<SmtpReply> CheckLimitsAsync(
        SubmissionContext context,
        AuthenticatedSender sender,
        SenderStanding standing,
        TransactionState state,
        string recipient,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (HoursRefusal(context, standing.Domain, now) is { } closed)
        {
            return await refusals.RefuseAsync(
                context, sender, "RCPT", closed, [recipient], cancellationToken);
        }

        var limits = SendLimits.For(standing.Domain, standing.Mailbox, now);
        // Suppressions are kept in lower case: an address suppressed is suppressed in any case.
        var suppression = await queries.SuppressionAsync(
            sender.WorkspaceId, recipient.ToLowerInvariant(), cancellationToken);
        if (suppression is not null)
        {
            // Limits come first in the design's order, but a suppressed address takes no unit:
            // only look at the counters to choose the reply.
            var reply = (await FirstFullAsync(limits, cancellationToken))?.Refusal()
                ?? SmtpReplies.RecipientSuppressed(recipient, suppression.Reason);
            return await refusals.RefuseAsync(
                context, sender, "RCPT", reply, [recipient], cancellationToken);
        }

        var full = await counters.TryReserveAsync(limits, cancellationToken);
        if (full is not null)
        {
            PolicyLog.LimitReached(logger, context.SessionId, full.Name, full.Cap, full.Subject);
            return await refusals.RefuseAsync(
                context, sender, "RCPT", full.Refusal(), [recipient], cancellationToken);
        }
        state.Recipients.Add(recipient);
        state.Reservations.AddRange(limits.Select(l => l.Slot));
        return SmtpReplies.RecipientAccepted(recipient);
    }

    /// <summary>
    /// The sending hours are the first send limit: outside them no counter is touched, and the
    /// reply says when the window opens. A zone missing from the system fails closed.
    /// </summary>
    private SmtpReply? HoursRefusal(SubmissionContext context, Domain domain, DateTimeOffset now)
    {
        SendingHours? hours;
        try
        {
            hours = SendingHours.Of(domain);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            PolicyLog.TimeZoneMissing(logger, e, context.SessionId, domain.Name, domain.SendingTimeZone);
            return SmtpReplies.SendingTimeZoneMissing(domain.Name, domain.SendingTimeZone);
        }
        return hours is null || hours.IsOpenAt(now)
            ? null
            : SmtpReplies.OutsideSendingHours(domain.Name, hours, hours.NextOpening(now));
    }

    private async Task<SendLimit?> FirstFullAsync(
        List<SendLimit> limits,
        CancellationToken cancellationToken)
    {
        foreach (var limit in limits)
        {
            if (await counters.CountAsync(limit.Slot, cancellationToken) >= limit.Cap)
            {
                return limit;
            }
        }
        return null;
    }

    private async Task ReleaseAsync(SubmissionContext context)
    {
        if (context.PolicyState is not TransactionState { Reservations.Count: > 0 } state)
        {
            return;
        }
        var slots = state.Reservations.ToList();
        state.Reservations.Clear();
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await counters.ReleaseAsync(slots, timeout.Token);
        }
        catch (Exception exception)
            when (IsStorageFailure(exception) || exception is OperationCanceledException)
        {
            // Limitation: units that cannot be given back stay counted until their window
            // resets; the count errs high, never past a cap.
            PolicyLog.ReleaseFailed(logger, exception, context.SessionId, slots.Count);
        }
    }

    private static bool IsStorageFailure(Exception exception)
        => exception is DbException or DbUpdateException or TimeoutException;
}
