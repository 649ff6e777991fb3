namespace ColdMail.Smtp.Commands;

/// <summary>RSET (RFC 5321 §4.1.1.5): ends the open transaction, keeps the greeting and the login.</summary>
public sealed class RsetHandler : ISmtpCommandHandler
{
    public async ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        if (command.HasArgument)
        {
            return SmtpReplies.InvalidArguments("RSET takes no parameters");
        }

        await session.EndTransactionAsync(cancellationToken);
        return SmtpReplies.Reset;
    }
}
