namespace ColdMail.Smtp.Commands;

/// <summary>STARTTLS (RFC 3207 §4): the connection discards pipelined input and starts the handshake.</summary>
public sealed class StartTlsHandler : ISmtpCommandHandler
{
    public ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        if (command.HasArgument)
        {
            return ValueTask.FromResult<SmtpOutcome>(SmtpReplies.InvalidArguments("STARTTLS takes no parameters"));
        }
        return ValueTask.FromResult(new SmtpOutcome(SmtpReplies.ReadyToStartTls, SmtpAction.StartTls));
    }
}
