using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ColdMail.Dns.Spf;

/// <summary>A parsed SPF record: its directives in order and its redirect (RFC 7208 sections 4.6 and 12).</summary>
public sealed partial record SpfRecord(IReadOnlyList<SpfDirective> Directives, string? Redirect)
{
    private const string Version = "v=spf1";

    /// <summary>True when a TXT value is an SPF record: "v=spf1", then a space or the end (section 4.5).</summary>
    public static bool IsSpf(string text) =>
        text.StartsWith(Version, StringComparison.OrdinalIgnoreCase)
        && (text.Length == Version.Length || text[Version.Length] == ' ');

    /// <summary>Parses a whole record; any syntax error anywhere fails it (section 4.6).</summary>
    /// <exception cref="FormatException">The record breaks the grammar; the message says where.</exception>
    public static SpfRecord Parse(string text)
    {
        if (!IsSpf(text))
        {
            throw new FormatException("the record does not start with v=spf1");
        }
        var directives = new List<SpfDirective>();
        string? redirect = null;
        var explanation = false;
        foreach (var term in text[Version.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var modifier = ModifierPattern().Match(term);
            if (!modifier.Success)
            {
                directives.Add(ParseDirective(term));
                continue;
            }
            var name = modifier.Groups["name"].Value.ToLowerInvariant();
            var value = modifier.Groups["value"].Value;
            if (name is "redirect" or "exp")
            {
                // Section 6: redirect and exp may each appear at most once.
                if ((name == "redirect" && redirect is not null) || (name == "exp" && explanation))
                {
                    throw new FormatException($"'{name}=' appears more than once");
                }
                RequireDomainSpec(value, term);
                redirect = name == "redirect" ? value : redirect;
                explanation |= name == "exp";
            }
            else if (!SpfMacro.IsValid(value, explanation: true))
            {
                throw new FormatException($"'{term}' has a malformed macro");
            }
        }
        return new SpfRecord(directives, redirect);
    }

    private static SpfDirective ParseDirective(string term)
    {
        var qualifier = term[0] is '+' or '-' or '~' or '?' ? term[0] : '+';
        var body = term[0] == qualifier ? term[1..] : term;
        var end = body.IndexOfAny([':', '/']);
        var mechanism = (end < 0 ? body : body[..end]).ToLowerInvariant();
        var rest = end < 0 ? string.Empty : body[end..];
        return mechanism switch
        {
            "all" when rest.Length == 0 => new SpfDirective(qualifier, mechanism, null, null, 32, 128, term),
            "include" or "exists" => new SpfDirective(
                qualifier, mechanism, RequiredSpec(rest, term), null, 32, 128, term),
            "ptr" => new SpfDirective(qualifier, mechanism, OptionalSpec(rest, term), null, 32, 128, term),
            "a" or "mx" => ParseWithCidr(qualifier, mechanism, rest, term),
            "ip4" or "ip6" => ParseNetwork(qualifier, mechanism, rest, term),
            _ => throw new FormatException($"'{term}' is not a known mechanism"),
        };
    }

    private static SpfDirective ParseWithCidr(char qualifier, string mechanism, string rest, string term)
    {
        // dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ] (section 5.6).
        var match = DualCidrPattern().Match(rest);
        var cidr4 = match.Groups["c4"].Success ? int.Parse(match.Groups["c4"].Value) : 32;
        var cidr6 = match.Groups["c6"].Success ? int.Parse(match.Groups["c6"].Value) : 128;
        if (cidr4 > 32 || cidr6 > 128)
        {
            throw new FormatException($"'{term}' has a prefix length out of range");
        }
        var spec = OptionalSpec(match.Groups["spec"].Value, term);
        return new SpfDirective(qualifier, mechanism, spec, null, cidr4, cidr6, term);
    }

    private static SpfDirective ParseNetwork(char qualifier, string mechanism, string rest, string term)
    {
        var match = NetworkPattern().Match(rest);
        if (!match.Success)
        {
            throw new FormatException($"'{term}' needs an address");
        }
        var text = match.Groups["net"].Value;
        var v4 = mechanism == "ip4";
        var valid = v4 ? IsDottedQuad(text) : text.Contains(':') && !text.Contains('%');
        if (!valid || !IPAddress.TryParse(text, out var network)
            || network.AddressFamily != (v4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6))
        {
            throw new FormatException($"'{term}' has a malformed address");
        }
        var prefix = match.Groups["c"].Success ? int.Parse(match.Groups["c"].Value) : v4 ? 32 : 128;
        if (prefix > (v4 ? 32 : 128))
        {
            throw new FormatException($"'{term}' has a prefix length out of range");
        }
        return new SpfDirective(qualifier, mechanism, null, network, v4 ? prefix : 32, v4 ? 128 : prefix, term);
    }

    private static string RequiredSpec(string rest, string term) =>
        OptionalSpec(rest, term) ?? throw new FormatException($"'{term}' needs a domain");

    private static string? OptionalSpec(string rest, string term)
    {
        if (rest.Length == 0)
        {
            return null;
        }
        if (rest[0] != ':' || rest.Length == 1)
        {
            throw new FormatException($"'{term}' is malformed");
        }
        RequireDomainSpec(rest[1..], term);
        return rest[1..];
    }

    // domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand (section 7.1).
    private static void RequireDomainSpec(string spec, string term)
    {
        if (!SpfMacro.IsValid(spec, explanation: false))
        {
            throw new FormatException($"'{term}' has a malformed macro");
        }
        if (spec.EndsWith('}') || spec.EndsWith("%%") || spec.EndsWith("%_") || spec.EndsWith("%-"))
        {
            return;
        }
        var trimmed = spec.EndsWith('.') ? spec[..^1] : spec;
        var dot = trimmed.LastIndexOf('.');
        if (dot < 0 || !IsTopLabel(trimmed[(dot + 1)..]))
        {
            throw new FormatException($"'{term}' does not end in a valid top-level label");
        }
    }

    // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ).
    private static bool IsTopLabel(string label)
    {
        if (label.Length == 0)
        {
            return false;
        }
        if (label.All(char.IsAsciiLetterOrDigit))
        {
            return label.Any(char.IsAsciiLetter);
        }
        return char.IsAsciiLetterOrDigit(label[0]) && char.IsAsciiLetterOrDigit(label[^1])
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    // ip4-network = qnum "." qnum "." qnum "." qnum, each 0 to 255 without leading zeros (section 12).
    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0')
            && int.Parse(p) <= 255);
    }

    [GeneratedRegex("^(?<name>[A-Za-z][A-Za-z0-9_.-]*)=(?<value>.*)$")]
    private static partial Regex ModifierPattern();

    [GeneratedRegex("^(?<spec>.*?)(?:/(?<c4>0|[1-9][0-9]?))?(?://(?<c6>0|[1-9][0-9]{0,2}))?$")]
    private static partial Regex DualCidrPattern();

    [GeneratedRegex("^:(?<net>[^/]+)(?:/(?<c>0|[1-9][0-9]{0,2}))?$")]
    private static partial Regex NetworkPattern();
}
