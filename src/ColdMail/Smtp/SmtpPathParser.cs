using System.Text;

namespace ColdMail.Smtp;

/// <summary>
/// Parses Reverse-path and Forward-path (RFC 5321 §4.1.2), with the UTF-8 additions of RFC 6531 §3.3.
/// Everything outside the grammar is refused: missing brackets, text after the closing bracket, a
/// second @ outside quotes, control characters. A source route is parsed and dropped (§4.1.1.3, §C).
/// </summary>
public static class SmtpPathParser
{
    // RFC 5321 §4.5.3.1.1 to §4.5.3.1.3.
    private const int MaxLocalPartOctets = 64;
    private const int MaxDomainOctets = 255;
    private const int MaxPathOctets = 256;
    private const int MaxLabelLength = 63;

    /// <summary>Parses a path at the start of <paramref name="text"/>.</summary>
    /// <param name="consumed">Characters the path took, up to and including its closing bracket.</param>
    /// <param name="error">Why the path was refused, for the client.</param>
    public static bool TryParse(
        ReadOnlySpan<char> text,
        bool allowNull,
        out SmtpPath path,
        out int consumed,
        out string error)
    {
        path = default;
        consumed = 0;
        if (text.IsEmpty || text[0] != '<')
        {
            error = "the address must be enclosed in <>";
            return false;
        }
        if (text.Length > 1 && text[1] == '>')
        {
            consumed = 2;
            path = new SmtpPath(string.Empty, false, false);
            error = allowNull ? string.Empty : "an empty address <> is not allowed here";
            return allowNull;
        }

        var position = 1;
        var nonAscii = false;
        if (!TrySkipSourceRoute(text, ref position, ref nonAscii))
        {
            error = "malformed source route";
            return false;
        }
        if (!TryReadLocalPart(text, ref position, ref nonAscii, out var localPart, out error))
        {
            return false;
        }
        if (position >= text.Length || text[position] != '@')
        {
            error = position < text.Length && text[position] == '>'
                ? "the address needs a domain"
                : "unexpected character in the local part";
            return false;
        }
        position++;
        var domainStart = position;
        var literal = position < text.Length && text[position] == '[';
        var domainOk = literal
            ? TryReadAddressLiteral(text, ref position)
            : TryReadDomain(text, ref position, ref nonAscii);
        if (!domainOk)
        {
            error = "malformed domain";
            return false;
        }
        var domain = text[domainStart..position];
        if (position >= text.Length || text[position] != '>')
        {
            error = "unexpected character after the domain";
            return false;
        }
        consumed = position + 1;

        if (Encoding.UTF8.GetByteCount(localPart) > MaxLocalPartOctets)
        {
            error = "the local part is longer than 64 octets";
            return false;
        }
        if (Encoding.UTF8.GetByteCount(domain) > MaxDomainOctets
            || Encoding.UTF8.GetByteCount(text[..consumed]) > MaxPathOctets)
        {
            error = "the address is too long";
            return false;
        }
        path = new SmtpPath(string.Concat(localPart, "@", domain), nonAscii, literal);
        error = string.Empty;
        return true;
    }

    // A-d-l ":" where A-d-l = At-domain *( "," At-domain ).
    private static bool TrySkipSourceRoute(ReadOnlySpan<char> text, ref int position, ref bool nonAscii)
    {
        if (position >= text.Length || text[position] != '@')
        {
            return true;
        }
        while (true)
        {
            if (position >= text.Length || text[position] != '@')
            {
                return false;
            }
            position++;
            if (!TryReadDomain(text, ref position, ref nonAscii) || position >= text.Length)
            {
                return false;
            }
            var separator = text[position++];
            if (separator == ':')
            {
                return true;
            }
            if (separator != ',')
            {
                return false;
            }
        }
    }

    private static bool TryReadLocalPart(
        ReadOnlySpan<char> text,
        ref int position,
        ref bool nonAscii,
        out string localPart,
        out string error)
    {
        localPart = string.Empty;
        error = "malformed local part";
        if (position < text.Length && text[position] == '"')
        {
            if (!TryReadQuotedString(text, ref position, ref nonAscii, out var content))
            {
                return false;
            }
            // §4.1.2: a local part that can be a Dot-string should not be quoted; both spellings are one mailbox.
            localPart = IsDotString(content) ? content : Quote(content);
            return true;
        }
        var start = position;
        while (position < text.Length && (IsAtext(text[position]) || text[position] == '.'))
        {
            nonAscii |= text[position] > 127;
            position++;
        }
        var dotString = text[start..position];
        if (!IsDotString(dotString))
        {
            return false;
        }
        localPart = dotString.ToString();
        return true;
    }

    // Quoted-string = DQUOTE *QcontentSMTP DQUOTE; quoted-pairSMTP = "\" %d32-126.
    private static bool TryReadQuotedString(
        ReadOnlySpan<char> text,
        ref int position,
        ref bool nonAscii,
        out string content)
    {
        content = string.Empty;
        var builder = new StringBuilder();
        position++;
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '"')
            {
                content = builder.ToString();
                return true;
            }
            if (c == '\\')
            {
                if (position >= text.Length || text[position] < 32 || text[position] > 126)
                {
                    return false;
                }
                builder.Append(text[position++]);
                continue;
            }
            if (c < 32 || c == 127)
            {
                return false;
            }
            nonAscii |= c > 127;
            builder.Append(c);
        }
        return false;
    }

    // Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str], or a U-label under SMTPUTF8.
    // Limitation: a U-label is not checked against the IDNA2008 rules here; a malformed one fails
    // later, when delivery converts it to an A-label.
    private static bool TryReadDomain(ReadOnlySpan<char> text, ref int position, ref bool nonAscii)
    {
        while (true)
        {
            var start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position])
                || text[position] == '-' || text[position] > 127))
            {
                nonAscii |= text[position] > 127;
                position++;
            }
            var label = text[start..position];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            if (position < text.Length && text[position] == '.')
            {
                position++;
                continue;
            }
            return true;
        }
    }

    // address-literal = "[" ( IPv4 / "IPv6:" IPv6 / tag ":" dcontent ) "]"; dcontent = %d33-90 / %d94-126.
    private static bool TryReadAddressLiteral(ReadOnlySpan<char> text, ref int position)
    {
        var start = ++position;
        while (position < text.Length && text[position] != ']')
        {
            var c = text[position];
            if (c < 33 || c > 126 || c == '[' || c == '\\')
            {
                return false;
            }
            position++;
        }
        if (position >= text.Length || position == start)
        {
            return false;
        }
        position++;
        return true;
    }

    private static bool IsDotString(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] == '.' || text[^1] == '.' || text.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (c != '.' && !IsAtext(c))
            {
                return false;
            }
        }
        return true;
    }

    // RFC 5322 §3.2.3 atext, plus UTF8-non-ascii (RFC 6531 §3.3).
    private static bool IsAtext(char c) =>
        char.IsAsciiLetterOrDigit(c) || c > 127 || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    private static string Quote(string content) =>
        "\"" + content.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
