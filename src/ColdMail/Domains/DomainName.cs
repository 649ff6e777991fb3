using System.Globalization;
using System.Net;
using System.Text;
using ColdMail.Common;

namespace ColdMail.Domains;

/// <summary>
/// Turns what a person typed into the one form a domain is stored and compared in: ASCII (IDNA A-labels),
/// lower case, without a trailing dot, and refuses what cannot be a sending domain.
/// </summary>
public static class DomainName
{
    // RFC 1035 section 2.3.4 with RFC 2181 section 11: 63 octets a label, 253 for the name without the root.
    private const int MaxLabel = 63;
    private const int MaxName = 253;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>The stored form of a sending domain.</summary>
    /// <exception cref="ResourceException">No domain can be added under the name; the message says why.</exception>
    public static string Normalise(string input) =>
        TryNormalise(input, out var name, out var error) ? name : throw ResourceException.Invalid(error);

    public static bool TryNormalise(string input, out string name, out string error)
    {
        name = string.Empty;
        error = Check(input, out var ascii) ?? string.Empty;
        if (error.Length > 0)
        {
            return false;
        }
        name = ascii;
        return true;
    }

    private static string? Check(string input, out string ascii)
    {
        ascii = string.Empty;
        var trimmed = input.Trim();
        if (trimmed.EndsWith('.'))
        {
            trimmed = trimmed[..^1];
        }
        if (trimmed.Length == 0)
        {
            return "A domain name is required.";
        }
        if (trimmed.StartsWith('[') || IPAddress.TryParse(trimmed, out _))
        {
            return $"'{input}' is an IP address; a sending domain must be a DNS name.";
        }
        if (trimmed.Split('.').Any(l => l.Length == 0))
        {
            return $"'{input}' is not a valid domain name: it has an empty label.";
        }
        try
        {
            // RFC 5891 section 5: the Unicode form is mapped to A-labels; an ASCII name is only lower-cased,
            // so that the checks below can say exactly what is wrong with it.
            var lower = trimmed.ToLowerInvariant();
            ascii = Ascii.IsValid(lower) ? lower : Idn.GetAscii(lower).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return $"'{input}' is not a valid internationalised domain name.";
        }
        var labels = ascii.Split('.');
        if (ascii.Length > MaxName)
        {
            return $"'{input}' is longer than {MaxName} characters in its ASCII form.";
        }
        foreach (var label in labels)
        {
            if (CheckLabel(label) is { } problem)
            {
                return $"'{input}' is not a valid domain name: {problem}";
            }
        }
        // RFC 3696 section 2: a top-level domain is never all digits.
        if (labels[^1].All(char.IsAsciiDigit))
        {
            return $"'{input}' is not a valid domain name: the last label may not be all digits.";
        }
        if (labels.Length == 1)
        {
            return $"'{input}' is a single label; a sending domain has at least two, such as example.com.";
        }
        if (PublicSuffixes.IsPublicSuffix(ascii))
        {
            return $"'{input}' is a public suffix that no one owns; add a domain registered under it, " +
                $"such as example.{ascii}.";
        }
        return null;
    }

    private static string? CheckLabel(string label)
    {
        if (label.Length == 0)
        {
            return "it has an empty label.";
        }
        if (label.Length > MaxLabel)
        {
            return $"the label '{label}' is longer than {MaxLabel} characters.";
        }
        // RFC 1035 section 2.3.1 and RFC 5891 section 4.2.3.1: letters, digits and inner hyphens.
        if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return $"the label '{label}' may hold only letters, digits and hyphens.";
        }
        if (label[0] == '-' || label[^1] == '-')
        {
            return $"the label '{label}' may not start or end with a hyphen.";
        }
        if (label.Length >= 4 && label[2] == '-' && label[3] == '-')
        {
            // RFC 5891 section 4.2.3.1: "--" in positions 3 and 4 is reserved; only valid A-labels use it.
            if (!label.StartsWith("xn--", StringComparison.Ordinal) || !IsALabel(label))
            {
                return $"the label '{label}' is not a valid IDNA label.";
            }
        }
        return null;
    }

    private static bool IsALabel(string label)
    {
        try
        {
            return Idn.GetAscii(Idn.GetUnicode(label)) == label;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
