namespace ColdMail.Smtp.Commands;

/// <summary>EHLO and HELO (RFC 5321 §4.1.1.1): they also end an open transaction, like RSET.</summary>
public sealed class EhloHandler(SmtpEngineSettings settings) : ISmtpCommandHandler
{
    public async ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        // ehlo = "EHLO" SP ( Domain / address-literal ): one word. The name is not checked against DNS,
        // as §4.1.4 forbids refusing a session over it.
        if (!command.HasArgument || command.Argument.Contains(' '))
        {
            return SmtpReplies.InvalidArguments("Send EHLO with your host name");
        }

        await session.EndTransactionAsync(cancellationToken);

        session.Extended = command.Verb == SmtpVerb.Ehlo;
        session.ClientName = command.Argument;
        if (!session.Extended)
        {
            return settings.Helo;
        }
        if (!session.IsTls)
        {
            return settings.EhloBeforeTls;
        }
        return session.Profile.OffersAuth ? settings.EhloUnderTls : settings.EhloUnderTlsWithoutAuth;
    }
}
