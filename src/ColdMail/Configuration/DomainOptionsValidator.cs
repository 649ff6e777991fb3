using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ColdMail.Configuration;

/// <summary>The checks of <c>ColdMail:Domains</c>; every failure names the key to fix.</summary>
internal static class DomainOptionsValidator
{
    private const string Prefix = "ColdMail:Domains:";

    // RFC 7208 section 4.6.4 allows ten DNS lookups in all; leave room for the domain's own mechanisms.
    private const int MaxSpfIncludes = 8;

    public static void Validate(List<string> errors, DomainOptions options)
    {
        for (var i = 0; i < options.SendingAddresses.Count; i++)
        {
            var value = options.SendingAddresses[i];
            if (!IPAddress.TryParse(value, out var address)
                || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                || (address.AddressFamily == AddressFamily.InterNetwork && value.Count(c => c == '.') != 3))
            {
                errors.Add($"{Prefix}SendingAddresses:{i} must be an IPv4 or IPv6 address (was '{value}').");
            }
        }
        for (var i = 0; i < options.SpfIncludes.Count; i++)
        {
            var value = options.SpfIncludes[i];
            if (Uri.CheckHostName(value) != UriHostNameType.Dns || !value.Contains('.'))
            {
                errors.Add($"{Prefix}SpfIncludes:{i} must be a DNS host name (was '{value}').");
            }
        }
        if (options.SpfIncludes.Count > MaxSpfIncludes)
        {
            errors.Add($"{Prefix}SpfIncludes may list at most {MaxSpfIncludes} hosts: SPF allows ten DNS lookups.");
        }
        if (!IsLabel(options.ReturnPathLabel))
        {
            errors.Add($"{Prefix}ReturnPathLabel must be one DNS label of letters, digits and hyphens " +
                $"(was '{options.ReturnPathLabel}').");
        }
        if (options.DmarcReportAddress is { } report && !IsPlainAddress(report))
        {
            errors.Add($"{Prefix}DmarcReportAddress must be a plain address such as dmarc@example.com " +
                $"(was '{report}').");
        }
        if (options.RecheckIntervalMinutes <= 0)
        {
            errors.Add($"{Prefix}RecheckIntervalMinutes must be greater than zero " +
                $"(was {options.RecheckIntervalMinutes}).");
        }
        if (options.FailingGraceHours < 0)
        {
            errors.Add($"{Prefix}FailingGraceHours must be zero or more (was {options.FailingGraceHours}).");
        }
        if (options.DkimRotationGraceDays < 0)
        {
            errors.Add($"{Prefix}DkimRotationGraceDays must be zero or more (was {options.DkimRotationGraceDays}).");
        }
        if (options.DefaultMailboxDailyLimit <= 0)
        {
            errors.Add($"{Prefix}DefaultMailboxDailyLimit must be greater than zero " +
                $"(was {options.DefaultMailboxDailyLimit}).");
        }
        ValidateAutoPause(errors, options.AutoPause);
    }

    private static void ValidateAutoPause(List<string> errors, AutoPauseOptions options)
    {
        const string prefix = Prefix + "AutoPause:";
        if (options.WindowHours <= 0)
        {
            errors.Add($"{prefix}WindowHours must be greater than zero (was {options.WindowHours}).");
        }
        if (options.MinimumSample < 1)
        {
            errors.Add($"{prefix}MinimumSample must be at least 1 (was {options.MinimumSample}).");
        }
        if (options.HardBounceThreshold is <= 0 or > 1)
        {
            errors.Add($"{prefix}HardBounceThreshold must be above 0 and at most 1, a share such as 0.05 " +
                $"(was {options.HardBounceThreshold.ToString(CultureInfo.InvariantCulture)}).");
        }
        if (options.SenderBlockThreshold is <= 0 or > 1)
        {
            errors.Add($"{prefix}SenderBlockThreshold must be above 0 and at most 1, a share such as 0.03 " +
                $"(was {options.SenderBlockThreshold.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    // RFC 1035 section 2.3.1: letters, digits and inner hyphens, at most 63 octets.
    private static bool IsLabel(string? label) =>
        label is { Length: > 0 and <= 63 }
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && label[0] != '-' && label[^1] != '-';

    // The address ends up inside a DMARC tag list, where ';', ',' and '!' have meanings (RFC 7489 section 6.4).
    private static bool IsPlainAddress(string address)
    {
        var at = address.IndexOf('@');
        return at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1
            && address.All(c => c > ' ' && c < 127 && c is not (';' or ',' or '!'))
            && Uri.CheckHostName(address[(at + 1)..]) == UriHostNameType.Dns;
    }
}
