namespace ColdMail.Smtp;

/// <summary>One verb's behaviour: session state and a parsed command in, a reply out, no I/O.</summary>
public interface ISmtpCommandHandler
{
    ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken);
}
