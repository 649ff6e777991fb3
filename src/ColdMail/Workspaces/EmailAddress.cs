using ColdMail.Common;

namespace ColdMail.Workspaces;

/// <summary>
/// An address in the strict form ColdMail stores: an RFC 5321 dot-string local part and an ASCII domain,
/// all lower case. Quoted local parts, address literals and non-ASCII local parts are refused.
/// </summary>
public readonly record struct EmailAddress(string LocalPart, string Domain)
{
    // RFC 5321 section 4.5.3.1.1: a local part has at most 64 octets.
    private const int MaxLocalPartLength = 64;

    // RFC 5321 section 4.5.3.1.3: a path has at most 256 octets, two of them the angle brackets.
    private const int MaxLength = 254;

    public string Address => LocalPart + "@" + Domain;

    public override string ToString() => Address;

    public static EmailAddress Parse(string text)
    {
        var trimmed = text.Trim();
        var at = trimmed.IndexOf('@');
        if (at < 0 || at != trimmed.LastIndexOf('@'))
        {
            throw Invalid(text, "it needs exactly one '@'");
        }

        var local = trimmed[..at];
        if (local.Length is 0 or > MaxLocalPartLength || !IsDotString(local))
        {
            throw Invalid(text, "the part before '@' must be 1 to 64 letters, digits or !#$%&'*+-/=?^_`{|}~, " +
                "in dot-separated groups");
        }
        // RFC 5321 section 4.1.2: the domain of an address has no trailing dot, though a typed domain may.
        if (trimmed.EndsWith('.'))
        {
            throw Invalid(text, "its domain may not end with a dot");
        }
        if (!Domains.DomainName.TryNormalise(trimmed[(at + 1)..], out var domain, out var problem))
        {
            throw ResourceException.Invalid($"'{text}' is not a valid address. {problem}");
        }

        var address = new EmailAddress(local.ToLowerInvariant(), domain);
        if (address.Address.Length > MaxLength)
        {
            throw Invalid(text, $"it is longer than {MaxLength} characters");
        }
        return address;
    }

    /// <summary>RFC 5321 section 4.1.2: Dot-string = Atom *("." Atom).</summary>
    private static bool IsDotString(string local)
    {
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in local)
        {
            if (c != '.' && !IsAtext(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>RFC 5322 section 3.2.3: atext.</summary>
    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    private static ResourceException Invalid(string text, string reason)
        => ResourceException.Invalid($"'{text}' is not a valid address: {reason}.");
}
