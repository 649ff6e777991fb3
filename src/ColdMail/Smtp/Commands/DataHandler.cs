namespace ColdMail.Smtp.Commands;

/// <summary>DATA (RFC 5321 §4.1.1.4): 354 and the content follows; the end is handled by the engine.</summary>
public sealed class DataHandler : ISmtpCommandHandler
{
    public ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        SmtpOutcome outcome = command.HasArgument
            ? SmtpReplies.InvalidArguments("DATA takes no parameters")
            : session.Context.Recipients.Count == 0
                ? SmtpReplies.NoValidRecipients
                : new SmtpOutcome(SmtpReplies.StartMailInput, SmtpAction.ReceiveData);
        return ValueTask.FromResult(outcome);
    }
}
