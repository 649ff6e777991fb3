using System.Security.Cryptography;

namespace ColdMail.Smtp;

/// <summary>
/// Short session ids that sort by time: 48 bits of milliseconds (as in a version 7 GUID) and 32
/// random bits, 16 characters of base32. Unique enough to find one session's log lines.
/// </summary>
public static class SessionId
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string Create(TimeProvider timeProvider)
    {
        Span<byte> bytes = stackalloc byte[10];
        var milliseconds = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }
        RandomNumberGenerator.Fill(bytes[6..]);

        Span<char> text = stackalloc char[16];
        ulong bits = 0;
        var held = 0;
        var written = 0;
        foreach (var b in bytes)
        {
            bits = (bits << 8) | b;
            held += 8;
            while (held >= 5)
            {
                held -= 5;
                text[written++] = Alphabet[(int)((bits >> held) & 31)];
            }
        }
        return new string(text);
    }
}
