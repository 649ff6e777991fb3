using System.Collections.Concurrent;
using System.Threading.Channels;
using ColdMail.Smtp;

namespace ColdMail.Tests.Smtp;

/// <summary>
/// A stand-in policy: one mailbox with one key, recipients refused or made to fail by their local
/// part, and every call recorded so tests can see exactly what reached the policy.
/// </summary>
public sealed class FakeSubmissionHandler : ISubmissionHandler
{
    public const string Address = "sender@example.com";
    public const string Key = "cmk_test-key";

    public static readonly AuthenticatedSender Sender =
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Address);

    private readonly Channel<byte[]> _messages = Channel.CreateUnbounded<byte[]>();

    public ConcurrentQueue<(string User, string Password)> Logins { get; } = new();

    public ConcurrentQueue<string> MailFroms { get; } = new();

    public ConcurrentQueue<string> Recipients { get; } = new();

    public ConcurrentQueue<byte[]> Messages { get; } = new();

    public ConcurrentQueue<SubmissionContext> MessageContexts { get; } = new();

    public int Abandoned => _abandoned;

    private int _abandoned;

    public ValueTask<LoginOutcome> LoginAsync(
        SubmissionContext context,
        string userName,
        string password,
        CancellationToken cancellationToken)
    {
        Logins.Enqueue((userName, password));
        var ok = userName == Address && password == Key;
        return ValueTask.FromResult(ok
            ? new LoginOutcome(Sender, SmtpReplies.AuthenticationSucceeded)
            : new LoginOutcome(null, SmtpReplies.AuthenticationFailed));
    }

    public ValueTask<SmtpReply> MailFromAsync(
        SubmissionContext context,
        string reversePath,
        CancellationToken cancellationToken)
    {
        MailFroms.Enqueue(reversePath);
        if (reversePath.Length == 0)
        {
            return ValueTask.FromResult(new SmtpReply(553, "5.7.1", "No null sender for submission"));
        }
        return ValueTask.FromResult(reversePath == context.Sender?.Address
            ? SmtpReplies.SenderOk
            : new SmtpReply(550, "5.7.1", "Send as your mailbox"));
    }

    public ValueTask<SmtpReply> RecipientAsync(
        SubmissionContext context,
        string address,
        CancellationToken cancellationToken)
    {
        Recipients.Enqueue(address);
        if (address.StartsWith("boom@", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("database on fire: secret detail");
        }
        return ValueTask.FromResult(address.StartsWith("refused@", StringComparison.Ordinal)
            ? new SmtpReply(550, "5.1.1", "Suppressed")
            : SmtpReplies.RecipientOk);
    }

    public ValueTask<SmtpReply> MessageAsync(
        SubmissionContext context,
        ReadOnlyMemory<byte> message,
        CancellationToken cancellationToken)
    {
        var copy = message.ToArray();
        if (message.Span.IndexOf("X-Boom:"u8) >= 0)
        {
            throw new IOException("disk full: secret detail");
        }
        Messages.Enqueue(copy);
        MessageContexts.Enqueue(new SubmissionContext
        {
            SessionId = context.SessionId,
            RemoteAddress = context.RemoteAddress,
            IsTls = context.IsTls,
            Sender = context.Sender,
            MailFrom = context.MailFrom,
            DeclaredSize = context.DeclaredSize,
        });
        MessageContexts.Last().Recipients.AddRange(context.Recipients);
        _messages.Writer.TryWrite(copy);
        return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "OK queued as test"));
    }

    public ValueTask AbandonAsync(SubmissionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _abandoned);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for the next message to reach the policy.</summary>
    public async Task<byte[]> NextMessageAsync(CancellationToken cancellationToken) =>
        await _messages.Reader.ReadAsync(cancellationToken);
}
