using System.Security.Cryptography;
using ColdMail.Dns;

namespace ColdMail.Dkim;

/// <summary>The DKIM key record a domain publishes (RFC 6376 section 3.6.1) and how a published one compares.</summary>
public static class DkimRecord
{
    /// <summary>RFC 6376 section 3.6.2.1: keys live at <c>selector._domainkey.domain</c>.</summary>
    public static string Name(string selector, string domain) => $"{selector}._domainkey.{domain}";

    public static string Value(string publicKey) => $"v=DKIM1; k=rsa; p={publicKey}";

    /// <summary>Null when the published record carries our key; otherwise what is wrong with it.</summary>
    public static string? Compare(string published, string publicKey)
    {
        var tags = TagList.Parse(published);
        if (tags is null)
        {
            return "the record is not a valid tag list";
        }
        // RFC 6376 section 3.6.1: v= is optional, but when present it comes first and says DKIM1.
        var version = TagList.Get(tags, "v");
        if (version is not null && (tags[0].Key != "v" || version != "DKIM1"))
        {
            return "v=DKIM1 must be the first tag";
        }
        var type = TagList.Get(tags, "k") ?? "rsa";
        if (!string.Equals(type, "rsa", StringComparison.OrdinalIgnoreCase))
        {
            return $"k={type}, but the key is RSA";
        }
        var data = TagList.Get(tags, "p");
        if (data is null)
        {
            return "the record has no p= tag";
        }
        var base64 = string.Concat(data.Where(c => !char.IsWhiteSpace(c)));
        if (base64.Length == 0)
        {
            // RFC 6376 section 3.6.1: an empty p= means the key was revoked.
            return "p= is empty, which revokes the key";
        }
        return SameKey(base64, publicKey) ? null : "p= holds a different public key";
    }

    // Publishers use SubjectPublicKeyInfo; a bare RSAPublicKey also appears, so compare the numbers.
    private static bool SameKey(string published, string ours)
    {
        if (published == ours)
        {
            return true;
        }
        try
        {
            var bytes = Convert.FromBase64String(published);
            using var theirs = RSA.Create();
            try
            {
                theirs.ImportSubjectPublicKeyInfo(bytes, out _);
            }
            catch (CryptographicException)
            {
                theirs.ImportRSAPublicKey(bytes, out _);
            }
            using var mine = RSA.Create();
            mine.ImportSubjectPublicKeyInfo(Convert.FromBase64String(ours), out _);
            var a = theirs.ExportParameters(false);
            var b = mine.ExportParameters(false);
            return a.Modulus!.AsSpan().SequenceEqual(b.Modulus) && a.Exponent!.AsSpan().SequenceEqual(b.Exponent);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
