namespace ColdMail.Smtp.Commands;

/// <summary>QUIT (RFC 5321 §4.1.1.10): 221, then the server closes.</summary>
public sealed class QuitHandler(SmtpEngineSettings settings) : ISmtpCommandHandler
{
    public async ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        await session.EndTransactionAsync(cancellationToken);
        return new SmtpOutcome(settings.Closing, SmtpAction.Close);
    }
}
