using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using ColdMail.Logs;
using ColdMail.Queue;
using ColdMail.Smtp;
using ColdMail.Workspaces;

namespace ColdMail.Policy;

/// <summary>
/// AUTH: the user name is a mailbox address, the password one of that mailbox's enabled keys. Every
/// way to fail (no such mailbox, a wrong, disabled or foreign key, a malformed secret) gives the
/// same reply and the same record, so a failure reveals nothing about which part was wrong.
/// </summary>
internal sealed class SmtpLogin(
    PolicyQueries queries,
    LoginThrottle throttle,
    MessageAcceptor acceptor,
    TimeProvider time,
    ILogger<SmtpLogin> logger)
{
    // The last use of a key is bookkeeping for people; once a minute is precise enough and keeps
    // logins cheap.
    private static readonly TimeSpan KeyUseResolution = TimeSpan.FromMinutes(1);

    // Names that are no address share one window: they can never log in, and must not grow the
    // table.
    private const string NoAddressKey = "\0no-address";

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _keyUseRecorded = new();

    public async ValueTask<LoginOutcome> LoginAsync(
        SubmissionContext context,
        string userName,
        string password,
        CancellationToken cancellationToken)
    {
        var address = Addresses.Normalize(userName);
        var remoteIp = context.RemoteAddress.ToString();
        var userKey = address ?? NoAddressKey;
        if (throttle.RetryAfter(context.RemoteAddress, userKey) is { } wait)
        {
            // Not even checked: an answer while throttled would keep the guessing going.
            var name = LoginName.ForLog(address);
            PolicyLog.LoginThrottled(logger, context.SessionId, remoteIp, name);
            return new LoginOutcome(null, SmtpReplies.LoginThrottled(wait));
        }

        LoginCandidate? match;
        try
        {
            match = await FindAsync(address, password.Trim(), cancellationToken);
        }
        catch (DbException exception)
        {
            PolicyLog.StorageFailed(logger, exception, context.SessionId, "AUTH");
            return new LoginOutcome(null, SmtpReplies.LoginUnavailable(context.SessionId));
        }

        if (match is not null)
        {
            RecordUse(match.KeyId, remoteIp);
            PolicyLog.LoginSucceeded(logger, context.SessionId, remoteIp, match.Address);
            var sender = new AuthenticatedSender(
                match.WorkspaceId, match.DomainId, match.MailboxId, match.KeyId, match.Address);
            return new LoginOutcome(sender, SmtpReplies.LoginAccepted);
        }

        await FailAsync(context, address, userKey, cancellationToken);
        return new LoginOutcome(null, SmtpReplies.LoginRefused);
    }

    private async Task<LoginCandidate?> FindAsync(
        string? address,
        string secret,
        CancellationToken cancellationToken)
    {
        // The checksum tells a typo or garbage from a real key without touching the database.
        if (address is null || !SecretToken.IsWellFormed(secret, SecretToken.AuthKeyPrefix))
        {
            return null;
        }

        var hash = SecretToken.Hash(secret);
        LoginCandidate? match = null;
        foreach (var candidate in await queries.LoginCandidatesAsync(address, cancellationToken))
        {
            // Every key is compared in full, in constant time, whatever matched before it.
            var equal = CryptographicOperations.FixedTimeEquals(hash, candidate.SecretHash);
            if (equal && candidate.IsEnabled)
            {
                match = candidate;
            }
        }
        return match;
    }

    private async Task FailAsync(
        SubmissionContext context,
        string? address,
        string userKey,
        CancellationToken cancellationToken)
    {
        var remoteIp = context.RemoteAddress.ToString();
        var name = LoginName.ForLog(address);
        PolicyLog.LoginFailed(logger, context.SessionId, remoteIp, name);
        if (throttle.RecordFailure(context.RemoteAddress, userKey))
        {
            PolicyLog.LoginThrottleEngaged(logger, context.SessionId, remoteIp, name);
        }
        if (address is null)
        {
            return;
        }
        try
        {
            var now = time.GetUtcNow();
            var record = SubmissionRecords.AuthFailed(context, address, now, SmtpReplies.LoginRefused);
            await acceptor.AppendAuthFailureAsync(record, cancellationToken);
        }
        catch (AcceptorStoppedException)
        {
            PolicyLog.RecordSkipped(logger, context.SessionId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            PolicyLog.RecordFailed(logger, exception, context.SessionId);
        }
    }

    private void RecordUse(Guid keyId, string remoteIp)
    {
        var now = time.GetUtcNow();
        if (_keyUseRecorded.TryGetValue(keyId, out var last) && now - last < KeyUseResolution)
        {
            return;
        }
        _keyUseRecorded[keyId] = now;
        acceptor.RecordKeyUse(keyId, now, remoteIp);
    }
}
