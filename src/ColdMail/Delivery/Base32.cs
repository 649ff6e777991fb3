namespace ColdMail.Delivery;

/// <summary>
/// Lower-case base32 (RFC 4648 §6 alphabet, no padding). Local parts of addresses may be case-folded on
/// the way back, so a token in them must not depend on case.
/// </summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(buffer >> bits) & 31];
            }
        }
        if (bits > 0)
        {
            chars[index] = Alphabet[(buffer << (5 - bits)) & 31];
        }
        return new string(chars);
    }

    /// <summary>Decodes exactly <paramref name="output"/>.Length bytes; false on any other input.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> output)
    {
        if (text.Length != (output.Length * 8 + 4) / 5)
        {
            return false;
        }
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(char.ToLowerInvariant(c));
            if (value < 0)
            {
                return false;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[index++] = (byte)(buffer >> bits);
            }
        }
        // The spare bits of the last character must be zero, so each token has one spelling only.
        return (buffer & ((1 << bits) - 1)) == 0;
    }
}
