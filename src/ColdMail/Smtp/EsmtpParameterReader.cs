namespace ColdMail.Smtp;

/// <summary>
/// Walks the parameters after a MAIL or RCPT path (RFC 5321 §4.1.2):
/// esmtp-keyword ["=" esmtp-value], separated by spaces.
/// </summary>
public ref struct EsmtpParameterReader(ReadOnlySpan<char> text)
{
    private ReadOnlySpan<char> _rest = text;

    /// <summary>Set when the text after the path is not a parameter list.</summary>
    public bool Malformed { get; private set; }

    public bool TryReadNext(out ReadOnlySpan<char> keyword, out ReadOnlySpan<char> value)
    {
        keyword = default;
        value = default;
        if (_rest.IsEmpty)
        {
            return false;
        }
        if (_rest[0] != ' ')
        {
            Malformed = true;
            return false;
        }
        _rest = _rest.TrimStart(' ');
        if (_rest.IsEmpty)
        {
            return false;
        }

        var end = _rest.IndexOf(' ');
        var parameter = end < 0 ? _rest : _rest[..end];
        _rest = end < 0 ? default : _rest[end..];
        var equals = parameter.IndexOf('=');
        keyword = equals < 0 ? parameter : parameter[..equals];
        value = equals < 0 ? default : parameter[(equals + 1)..];
        if (!IsKeyword(keyword) || (equals >= 0 && !IsValue(value)))
        {
            Malformed = true;
            return false;
        }
        return true;
    }

    // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-").
    private static bool IsKeyword(ReadOnlySpan<char> keyword)
    {
        if (keyword.IsEmpty || !char.IsAsciiLetterOrDigit(keyword[0]))
        {
            return false;
        }
        foreach (var c in keyword)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    // esmtp-value = 1*(%d33-60 / %d62-126), plus UTF-8 under SMTPUTF8 (RFC 6531 §3.3).
    private static bool IsValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c < 33 || c == '=' || c == 127)
            {
                return false;
            }
        }
        return true;
    }
}
