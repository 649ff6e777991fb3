using System.IO.Hashing;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ColdMail.Workspaces;

/// <summary>
/// High-entropy secrets (auth keys, API tokens) in a recognisable form: a prefix that names the kind,
/// 256 random bits, and a CRC-32 checksum, all in base62 so the whole is one word. The prefix lets secret
/// scanners find a leaked key; the checksum lets a typo be told apart from a wrong key without a lookup.
/// Only <see cref="Hash"/> of a secret is ever stored.
/// </summary>
public static class SecretToken
{
    public const string AuthKeyPrefix = "cmk_";
    public const string ApiTokenPrefix = "cmt_";

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int BodyLength = 43; // 62^43 > 2^256
    private const int ChecksumLength = 6; // 62^6 > 2^32

    public static string Create(string prefix)
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        var body = Encode(random, BodyLength);
        return prefix + body + Checksum(prefix + body);
    }

    /// <summary>True when the text has the prefix, the length and a matching checksum.</summary>
    public static bool IsWellFormed(string text, string prefix)
    {
        if (text.Length != prefix.Length + BodyLength + ChecksumLength
            || !text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in text.AsSpan(prefix.Length))
        {
            if (Alphabet.IndexOf(c) < 0)
            {
                return false;
            }
        }
        var split = text.Length - ChecksumLength;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Checksum(text[..split])),
            Encoding.ASCII.GetBytes(text[split..]));
    }

    /// <summary>SHA-256 of the secret: with 256 random bits a slow password hash would add nothing.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>What may be shown of a secret after creation: its kind and first characters.</summary>
    public static string Hint(string secret) => secret[..Math.Min(secret.Length, 10)] + "…";

    private static string Checksum(string text)
    {
        var crc = Crc32.HashToUInt32(Encoding.ASCII.GetBytes(text));
        return Encode(BitConverter.GetBytes(crc), ChecksumLength);
    }

    private static string Encode(ReadOnlySpan<byte> bytes, int length)
    {
        var value = new BigInteger(bytes, isUnsigned: true);
        var chars = new char[length];
        for (var i = length - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, 62, out var remainder);
            chars[i] = Alphabet[(int)remainder];
        }
        return new string(chars);
    }
}
