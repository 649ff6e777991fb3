using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ColdMail.Dns.Spf;

/// <summary>Checks and expands SPF macro strings (RFC 7208 section 7).</summary>
public static class SpfMacro
{
    // RFC 7208 section 7.1: delimiters that may follow the transformers.
    private const string Delimiters = ".-+,/_=";

    // Section 7.2: c, r and t may appear only in explanation strings.
    private const string DomainLetters = "slodiphv";
    private const string ExplanationLetters = "slodiphvcrt";

    /// <summary>True when the string follows the macro-string grammar of section 7.1.</summary>
    public static bool IsValid(string text, bool explanation)
    {
        try
        {
            _ = Expand(text, null, explanation);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Expands every macro in <paramref name="text"/> with the values of one check.</summary>
    /// <exception cref="FormatException">The string breaks the macro grammar.</exception>
    public static string Expand(string text, SpfMacroContext? context, bool explanation = false)
    {
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '%')
            {
                // macro-literal = %x21-24 / %x26-7E.
                if (c < 0x21 || c > 0x7E)
                {
                    throw new FormatException($"'{c}' may not appear in a macro string");
                }
                output.Append(c);
                continue;
            }
            if (i + 1 >= text.Length)
            {
                throw new FormatException("a '%' ends the string");
            }
            var next = text[++i];
            switch (next)
            {
                case '%':
                    output.Append('%');
                    break;
                case '_':
                    output.Append(' ');
                    break;
                case '-':
                    output.Append("%20");
                    break;
                case '{':
                    var close = text.IndexOf('}', i);
                    if (close < 0)
                    {
                        throw new FormatException("a '%{' is not closed");
                    }
                    output.Append(ExpandOne(text[(i + 1)..close], context, explanation));
                    i = close;
                    break;
                default:
                    throw new FormatException($"'%{next}' is not a macro");
            }
        }
        return output.ToString();
    }

    // macro-expand = "%{" macro-letter transformers *delimiter "}"; transformers = *DIGIT [ "r" ].
    private static string ExpandOne(string body, SpfMacroContext? context, bool explanation)
    {
        if (body.Length == 0)
        {
            throw new FormatException("an empty macro");
        }
        var letter = body[0];
        var allowed = explanation ? ExplanationLetters : DomainLetters;
        if (!allowed.Contains(char.ToLowerInvariant(letter)))
        {
            throw new FormatException($"'{letter}' is not a macro letter here");
        }
        var position = 1;
        while (position < body.Length && char.IsAsciiDigit(body[position]))
        {
            position++;
        }
        var digits = body[1..position];
        var reverse = position < body.Length && (body[position] is 'r' or 'R');
        position += reverse ? 1 : 0;
        var delimiters = body[position..];
        if (delimiters.Any(d => !Delimiters.Contains(d)) || (digits.Length > 0 && !int.TryParse(digits, out _)))
        {
            throw new FormatException($"'%{{{body}}}' is malformed");
        }
        var keep = digits.Length == 0 ? int.MaxValue : int.Parse(digits);
        if (keep == 0)
        {
            // Section 7.3: a digit transformer must be non-zero.
            throw new FormatException($"'%{{{body}}}' keeps zero parts");
        }
        if (context is null)
        {
            return string.Empty;
        }

        var value = Value(char.ToLowerInvariant(letter), context);
        var split = delimiters.Length == 0 ? ['.'] : delimiters.ToCharArray();
        var parts = value.Split(split);
        if (reverse)
        {
            Array.Reverse(parts);
        }
        var result = string.Join('.', parts.Skip(Math.Max(0, parts.Length - keep)));
        // Section 7.3: an upper-case letter asks for URL escaping of the value.
        return char.IsUpper(letter) ? Uri.EscapeDataString(result) : result;
    }

    private static string Value(char letter, SpfMacroContext context) => letter switch
    {
        's' => context.Sender,
        'l' => context.LocalPart,
        'o' => context.SenderDomain,
        'd' => context.Domain,
        'i' => DottedAddress(context.Address),
        // Limitation: %{p} always expands to "unknown", which section 7.3 permits when no name is validated;
        // validating it costs DNS lookups for a macro the RFC says not to use.
        'p' => "unknown",
        'v' => context.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "in-addr",
        'h' => context.Helo,
        'c' => context.Address.ToString(),
        'r' => context.Helo,
        't' => context.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{letter}' is not a macro letter"),
    };

    /// <summary>IPv4 as a dotted quad; IPv6 as 32 dot-separated nibbles (section 7.3).</summary>
    public static string DottedAddress(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        var nibbles = new List<string>(32);
        foreach (var b in bytes)
        {
            nibbles.Add((b >> 4).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            nibbles.Add((b & 0xF).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }
        return string.Join('.', nibbles);
    }
}
