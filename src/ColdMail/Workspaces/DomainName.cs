using System.Globalization;
using ColdMail.Common;

namespace ColdMail.Workspaces;

/// <summary>Turns a domain as a person types it into the stored form: ASCII (IDNA), lower case.</summary>
public static class DomainName
{
    // RFC 1035 section 2.3.4: 253 characters in text form once the root's dot is left off.
    private const int MaxLength = 253;

    private static readonly IdnMapping Idna = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>The ASCII form of <paramref name="text"/>, or a clear error naming what is wrong.</summary>
    public static string ToAscii(string text)
    {
        if (!TryToAscii(text, out var ascii, out var problem))
        {
            throw ResourceException.Invalid($"'{text}' is not a usable domain name: {problem}.");
        }
        return ascii;
    }

    public static bool TryToAscii(string text, out string ascii, out string problem)
    {
        ascii = string.Empty;
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.EndsWith('.'))
        {
            problem = "it is empty or ends with a dot";
            return false;
        }
        try
        {
            // Lower-case first: the invariant-culture IDNA mapping does not fold case (RFC 5891 section 5.2).
            ascii = Idna.GetAscii(trimmed.ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            problem = "labels are 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen";
            return false;
        }
        if (ascii.Length > MaxLength)
        {
            problem = $"it is longer than {MaxLength} characters";
            return false;
        }
        var labels = ascii.Split('.');
        // RFC 3696 section 2: a top-level domain is never all digits, so this is no IPv4 address.
        if (labels.Length < 2 || labels[^1].All(char.IsAsciiDigit))
        {
            problem = "it needs at least two labels and a top-level domain that is not a number";
            return false;
        }
        problem = string.Empty;
        return true;
    }
}
