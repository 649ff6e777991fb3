using System.Globalization;

namespace ColdMail.Policy;

/// <summary>
/// Addresses in the forms the database keeps them. Mailboxes and suppressions are stored in lower
/// case with the domain in its ASCII (IDNA) form, and matched in that form. Recipients are stored
/// for delivery with the domain so and the local part exactly as given, because only the
/// recipient's own domain may decide what its case means (RFC 5321 §2.4).
/// </summary>
internal static class Addresses
{
    /// <summary>
    /// RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, so no stored address is longer.
    /// </summary>
    public const int MaxLength = 256;

    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// The lower-case form of an address (with or without angle brackets), or null when it is none.
    /// </summary>
    public static string? Normalize(string? text) => Normalize(text, lowerLocalPart: true);

    /// <summary>The form a recipient is delivered to: its local part kept, its domain normalised.</summary>
    public static string? ForDelivery(string? text) => Normalize(text, lowerLocalPart: false);

    private static string? Normalize(string? text, bool lowerLocalPart)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var address = text.Trim();
        if (address.Length > 1 && address[0] == '<' && address[^1] == '>')
        {
            address = address[1..^1].Trim();
        }
        var at = address.LastIndexOf('@');
        // RFC 5321 §4.1.2 and RFC 6531 §3.3 allow no control characters anywhere in an address.
        if (at <= 0 || at == address.Length - 1 || address.Length > MaxLength
            || address.Any(char.IsControl))
        {
            return null;
        }

        var domain = NormalizeDomain(address[(at + 1)..]);
        var local = lowerLocalPart ? address[..at].ToLowerInvariant() : address[..at];
        return domain is null ? null : local + "@" + domain;
    }

    /// <summary>The part after the last <c>@</c> of a normalised address.</summary>
    public static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..];

    /// <summary>
    /// The ASCII lower-case form of a domain or address literal; null when IDNA rejects it.
    /// </summary>
    public static string? NormalizeDomain(string domain)
    {
        if (domain.StartsWith('['))
        {
            // RFC 5321 §4.1.3: an address literal is not a name, IDNA does not apply.
            return domain.ToLowerInvariant();
        }
        try
        {
            return Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
