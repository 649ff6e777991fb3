using MimeKit;

namespace ColdMail.Delivery;

/// <summary>The one-click unsubscribe header pair of RFC 8058, set on a message before it is signed.</summary>
public static class UnsubscribeHeaders
{
    public const string PostValue = "List-Unsubscribe=One-Click";

    /// <summary>
    /// Replaces any List-Unsubscribe the submitter set: the domain asked for ColdMail's link, and a
    /// receiver offering one-click must find exactly one HTTPS URI that the DKIM signature covers
    /// (RFC 8058 §3.1, §4).
    /// </summary>
    public static void Set(MimeMessage message, string link)
    {
        message.Headers.RemoveAll(HeaderId.ListUnsubscribe);
        message.Headers.RemoveAll("List-Unsubscribe-Post");
        message.Headers.Add(HeaderId.ListUnsubscribe, "<" + link + ">");
        message.Headers.Add("List-Unsubscribe-Post", PostValue);
    }
}
