namespace ColdMail.Smtp.Commands;

/// <summary>RCPT TO (RFC 5321 §4.1.1.3): syntax and the recipient cap here, the rest in the policy.</summary>
public sealed class RcptHandler(SmtpEngineSettings settings) : ISmtpCommandHandler
{
    public async ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        if (!command.Argument.StartsWith("TO:", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpReplies.InvalidArguments("Syntax: RCPT TO:<address>");
        }
        var text = command.Argument.AsSpan(3).TrimStart(' ');
        if (!SmtpPathParser.TryParse(text, allowNull: false, out var path, out var consumed, out var why))
        {
            return SmtpReplies.RecipientSyntax(why);
        }
        // No RCPT extension (such as DSN) is advertised, so every parameter is unknown.
        var reader = new EsmtpParameterReader(text[consumed..]);
        if (reader.TryReadNext(out var keyword, out _))
        {
            return SmtpReplies.ParameterNotRecognized(keyword.ToString());
        }
        if (reader.Malformed)
        {
            return SmtpReplies.InvalidArguments("Malformed RCPT parameters");
        }

        if (path.HasNonAscii && !session.Utf8Transaction)
        {
            return SmtpReplies.NonAsciiAddressRefused;
        }
        if (path.IsAddressLiteral)
        {
            return SmtpReplies.AddressLiteralRefused;
        }
        var recipients = session.Context.Recipients;
        if (recipients.Contains(path.Address, StringComparer.OrdinalIgnoreCase))
        {
            return SmtpReplies.RecipientOk;
        }
        if (recipients.Count >= settings.MaxRecipients)
        {
            return SmtpReplies.TooManyRecipients;
        }

        var reply = await session.Handler.RecipientAsync(session.Context, path.Address, cancellationToken);
        if (reply.IsPositive)
        {
            recipients.Add(path.Address);
        }
        return reply;
    }
}
