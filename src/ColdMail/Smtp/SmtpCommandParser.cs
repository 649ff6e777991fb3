using System.Text;
using System.Text.Unicode;

namespace ColdMail.Smtp;

/// <summary>Splits a command line (without its CRLF) into a verb and its argument.</summary>
public static class SmtpCommandParser
{
    /// <summary>False when the line is not valid UTF-8 or holds control characters.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out SmtpCommand command)
    {
        command = default;
        if (!Utf8.IsValid(line) || line.IndexOfAnyInRange((byte)0, (byte)31) >= 0 || line.Contains((byte)127))
        {
            return false;
        }

        var space = line.IndexOf((byte)' ');
        var verbBytes = space < 0 ? line : line[..space];
        var argument = space < 0 ? ReadOnlySpan<byte>.Empty : line[(space + 1)..];
        command = new SmtpCommand(ParseVerb(verbBytes), Encoding.UTF8.GetString(argument));
        return true;
    }

    // Verbs are case-insensitive (RFC 5321 §2.4).
    private static SmtpVerb ParseVerb(ReadOnlySpan<byte> verb)
    {
        if (verb.Length == 4)
        {
            Span<byte> upper = stackalloc byte[4];
            Ascii.ToUpper(verb, upper, out _);
            return upper switch
            {
                _ when upper.SequenceEqual("EHLO"u8) => SmtpVerb.Ehlo,
                _ when upper.SequenceEqual("HELO"u8) => SmtpVerb.Helo,
                _ when upper.SequenceEqual("AUTH"u8) => SmtpVerb.Auth,
                _ when upper.SequenceEqual("MAIL"u8) => SmtpVerb.Mail,
                _ when upper.SequenceEqual("RCPT"u8) => SmtpVerb.Rcpt,
                _ when upper.SequenceEqual("DATA"u8) => SmtpVerb.Data,
                _ when upper.SequenceEqual("RSET"u8) => SmtpVerb.Rset,
                _ when upper.SequenceEqual("NOOP"u8) => SmtpVerb.Noop,
                _ when upper.SequenceEqual("QUIT"u8) => SmtpVerb.Quit,
                _ when upper.SequenceEqual("VRFY"u8) => SmtpVerb.Vrfy,
                _ when upper.SequenceEqual("EXPN"u8) => SmtpVerb.Expn,
                _ when upper.SequenceEqual("HELP"u8) => SmtpVerb.Help,
                _ => SmtpVerb.Unknown,
            };
        }
        return Ascii.EqualsIgnoreCase(verb, "STARTTLS"u8) ? SmtpVerb.StartTls : SmtpVerb.Unknown;
    }
}
