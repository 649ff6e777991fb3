using System.Net;
using ColdMail.Common;

namespace ColdMail.Logs.Webhooks;

/// <summary>Checks an endpoint address: HTTPS, or plain HTTP only to this machine's loopback.</summary>
public static class WebhookUrl
{
    // Matches the column size; real endpoints are far shorter.
    public const int MaxLength = 2048;

    public static Uri Parse(string text)
    {
        if (text.Length > MaxLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw ResourceException.Invalid($"'{Shorten(text)}' is not an absolute URL.");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // It would be printed by 'webhook list' and stored beside the URL; the signature authenticates.
            throw ResourceException.Invalid("A webhook URL may not carry a user name or password.");
        }
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip)
            && IPAddress.IsLoopback(ip));
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && loopback))
        {
            throw ResourceException.Invalid(
                $"A webhook URL must use https:// (plain http:// only to loopback); was '{Shorten(text)}'.");
        }
        return uri;
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
