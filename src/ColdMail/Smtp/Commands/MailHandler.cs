using System.Globalization;

namespace ColdMail.Smtp.Commands;

/// <summary>
/// MAIL FROM (RFC 5321 §4.1.1.2) with SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531) and
/// AUTH (RFC 4954 §5). The engine checks syntax and size; the policy decides who may send as whom,
/// so the null reverse-path reaches it as an empty address, for it to refuse (RFC 6409 §4.1).
/// </summary>
public sealed class MailHandler(SmtpEngineSettings settings) : ISmtpCommandHandler
{
    public async ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        if (!command.Argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase))
        {
            return SmtpReplies.InvalidArguments("Syntax: MAIL FROM:<address>");
        }
        // Leniency kept from common practice: spaces between the colon and the path.
        var text = command.Argument.AsSpan(5).TrimStart(' ');
        if (!SmtpPathParser.TryParse(text, allowNull: true, out var path, out var consumed, out var why))
        {
            return SmtpReplies.SenderSyntax(why);
        }
        if (!TryReadParameters(session, text[consumed..], out var parameters, out var refusal))
        {
            return refusal;
        }

        if (path.HasNonAscii && !parameters.Utf8)
        {
            return SmtpReplies.NonAsciiAddressRefused;
        }
        if (path.IsAddressLiteral)
        {
            return SmtpReplies.AddressLiteralRefused;
        }
        // RFC 1870 §6.1: a declared size over the limit is refused before any data is sent.
        if (parameters.Size > settings.MaxMessageSize)
        {
            return SmtpReplies.MessageTooBig(settings.MaxMessageSize);
        }

        var context = session.Context;
        context.ResetTransaction();
        context.DeclaredSize = parameters.Size;
        var reply = await session.Handler.MailFromAsync(context, path.Address, cancellationToken);
        if (!reply.IsPositive)
        {
            context.ResetTransaction();
            return reply;
        }
        context.MailFrom = path.Address;
        session.Utf8Transaction = parameters.Utf8;
        return reply;
    }

    private static bool TryReadParameters(
        SmtpSessionState session,
        ReadOnlySpan<char> text,
        out MailParameters parameters,
        out SmtpReply refusal)
    {
        parameters = default;
        refusal = default;
        var seen = 0;
        var reader = new EsmtpParameterReader(text);
        while (reader.TryReadNext(out var keyword, out var value))
        {
            var known = KnownParameter(keyword);
            // Extensions exist only for a client that said EHLO (RFC 5321 §4.1.1.1).
            if (known == 0 || !session.Extended)
            {
                refusal = SmtpReplies.ParameterNotRecognized(keyword.ToString());
                return false;
            }
            if ((seen & known) != 0)
            {
                refusal = SmtpReplies.InvalidArguments($"{keyword} given twice");
                return false;
            }
            seen |= known;
            if (!TryApply(known, keyword, value, ref parameters, out refusal))
            {
                return false;
            }
        }
        if (reader.Malformed)
        {
            refusal = SmtpReplies.InvalidArguments("Malformed MAIL parameters");
            return false;
        }
        return true;
    }

    private static bool TryApply(
        int known,
        ReadOnlySpan<char> keyword,
        ReadOnlySpan<char> value,
        ref MailParameters parameters,
        out SmtpReply refusal)
    {
        refusal = default;
        switch (known)
        {
            // RFC 1870 §3: size-value = 1*20DIGIT. A value too large for a long is over any limit.
            case Size when value.Length is > 0 and <= 20 && IsDigits(value):
                parameters.Size = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : long.MaxValue;
                return true;
            // RFC 6152 §2: 7BIT or 8BITMIME; BINARYMIME needs CHUNKING, which is not offered.
            case Body when value.Equals("7BIT", StringComparison.OrdinalIgnoreCase)
                || value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase):
                return true;
            // RFC 6531 §3.4: SMTPUTF8 has no value.
            case Utf8 when value.IsEmpty:
                parameters.Utf8 = true;
                return true;
            // RFC 4954 §5: the AUTH parameter is accepted and ignored; the login decides the sender.
            case Auth when !value.IsEmpty:
                return true;
            default:
                refusal = SmtpReplies.InvalidArguments($"Invalid value for {keyword}");
                return false;
        }
    }

    private const int Size = 1;
    private const int Body = 2;
    private const int Utf8 = 4;
    private const int Auth = 8;

    private static int KnownParameter(ReadOnlySpan<char> keyword) => keyword switch
    {
        _ when keyword.Equals("SIZE", StringComparison.OrdinalIgnoreCase) => Size,
        _ when keyword.Equals("BODY", StringComparison.OrdinalIgnoreCase) => Body,
        _ when keyword.Equals("SMTPUTF8", StringComparison.OrdinalIgnoreCase) => Utf8,
        _ when keyword.Equals("AUTH", StringComparison.OrdinalIgnoreCase) => Auth,
        _ => 0,
    };

    private static bool IsDigits(ReadOnlySpan<char> value) => !value.ContainsAnyExceptInRange('0', '9');

    private struct MailParameters
    {
        public long? Size;
        public bool Utf8;
    }
}
