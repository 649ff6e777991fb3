using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ColdMail.Smtp;
using MimeKit.Utils;

namespace ColdMail.Policy;

/// <summary>
/// The Received trace field a server must add when it accepts a message (RFC 5321 §4.4), naming the
/// client's EHLO name and address, this host, the protocol and the queue id.
/// </summary>
internal static partial class ReceivedField
{
    // RFC 5321 §4.1.2: Domain or address-literal, within the 255 octets of a domain name. Anything
    // else the client typed is left out, so no client text can break the field's syntax.
    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
        + @"|\[[A-Za-z0-9:.]+\])$")]
    private static partial Regex ClientNameSyntax();

    public static string For(SubmissionContext context, string hostname, Guid messageId, DateTimeOffset now)
    {
        var address = AddressLiteral(context.RemoteAddress);
        var name = context.ClientName is { Length: <= 255 } given && ClientNameSyntax().IsMatch(given)
            ? given
            : address;
        // RFC 3848 §2: ESMTPSA is ESMTP with both STARTTLS (or implicit TLS) and AUTH; ESMTPA
        // without TLS.
        var protocol = context.IsTls ? "ESMTPSA" : "ESMTPA";
        var date = DateUtils.FormatDate(now.ToUniversalTime());
        // Folded (RFC 5322 §2.2.3) so each line stays well under 998 octets.
        return new StringBuilder()
            .Append("Received: from ").Append(name).Append(" (").Append(address).Append(")\r\n")
            .Append("\tby ").Append(hostname).Append(" with ").Append(protocol)
            .Append(" id ").Append(messageId.ToString("N")).Append(";\r\n")
            .Append('\t').Append(date).Append("\r\n")
            .ToString();
    }

    // RFC 5321 §4.1.3: [IPv4] or [IPv6:...]; a v4 client on a dual-stack socket is shown as v4.
    private static string AddressLiteral(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return plain.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{plain}]" : $"[{plain}]";
    }
}
