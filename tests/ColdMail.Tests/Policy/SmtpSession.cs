using System.Net;
using System.Text;
using ColdMail.Smtp;

namespace ColdMail.Tests.Policy;

/// <summary>
/// Drives the policy the way the protocol engine does: one context, replies applied to it.
/// </summary>
public sealed class SmtpSession(PolicyNode node, string remoteAddress)
{
    private static int _sessions;

    public SubmissionContext Context { get; } = new()
    {
        SessionId = "s" + Interlocked.Increment(ref _sessions).ToString("D4"),
        RemoteAddress = IPAddress.Parse(remoteAddress),
        IsTls = true,
    };

    public async Task<SmtpReply> LoginAsync(string userName, string password)
    {
        var outcome = await node.Handler.LoginAsync(Context, userName, password, CancellationToken.None);
        if (outcome.Sender is not null)
        {
            Context.Sender = outcome.Sender;
        }
        return outcome.Reply;
    }

    public async Task<SmtpReply> MailAsync(string reversePath)
    {
        Context.ResetTransaction();
        var reply = await node.Handler.MailFromAsync(Context, reversePath, CancellationToken.None);
        if (reply.IsPositive)
        {
            Context.MailFrom = reversePath;
        }
        return reply;
    }

    public async Task<SmtpReply> RcptAsync(string address)
    {
        var reply = await node.Handler.RecipientAsync(Context, address, CancellationToken.None);
        if (reply.IsPositive)
        {
            Context.Recipients.Add(address);
        }
        return reply;
    }

    public Task<SmtpReply> DataAsync(string message) => DataAsync(Encoding.UTF8.GetBytes(message));

    public async Task<SmtpReply> DataAsync(byte[] message)
    {
        var reply = await node.Handler.MessageAsync(Context, message, CancellationToken.None);
        Context.ResetTransaction();
        return reply;
    }

    public async Task AbandonAsync()
    {
        await node.Handler.AbandonAsync(Context, CancellationToken.None);
        Context.ResetTransaction();
    }
}
