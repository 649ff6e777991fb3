using ColdMail.Smtp;

namespace ColdMail.Delivery;

/// <summary>
/// The policy of the return-path listener: anyone may send (reports come from any MTA and from the null
/// reverse-path, RFC 5321 §4.5.5), but only to a return path whose token verifies, and only a delivery
/// status notification (RFC 3464) is taken.
/// </summary>
internal sealed partial class ReturnPathSubmissionHandler(
    AsyncBounceProcessor processor,
    ILogger<ReturnPathSubmissionHandler> logger) : ISubmissionHandler
{
    // The listener offers no AUTH, so the engine never asks; refuse in case it ever does.
    public ValueTask<LoginOutcome> LoginAsync(
        SubmissionContext context,
        string userName,
        string password,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(new LoginOutcome(null, SmtpReplies.CommandNotImplemented));

    public ValueTask<SmtpReply> MailFromAsync(
        SubmissionContext context,
        string reversePath,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(SmtpReplies.SenderOk);

    public ValueTask<SmtpReply> RecipientAsync(
        SubmissionContext context,
        string address,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(processor.IsReturnPath(address)
            ? SmtpReplies.RecipientOk
            : SmtpReplies.NoSuchReturnPath);

    public async ValueTask<SmtpReply> MessageAsync(
        SubmissionContext context,
        ReadOnlyMemory<byte> message,
        CancellationToken cancellationToken)
    {
        var isReport = false;
        foreach (var recipient in context.Recipients)
        {
            var result = await processor.ProcessAsync(recipient, message, cancellationToken);
            isReport |= result.IsReport;
        }

        if (!isReport)
        {
            // Auto-replies and spam reach return paths all day; nobody has to act on them.
            LogRefused(logger, context.SessionId, context.RemoteAddress.ToString());
            return SmtpReplies.ReportsOnly;
        }
        return SmtpReplies.ReportAccepted;
    }

    public ValueTask AbandonAsync(SubmissionContext context, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    [LoggerMessage(EventId = 4031, Level = LogLevel.Debug,
        Message = "Session {SessionId} from {RemoteIp}: refused a message to a return path that is no report")]
    private static partial void LogRefused(ILogger logger, string sessionId, string remoteIp);
}
