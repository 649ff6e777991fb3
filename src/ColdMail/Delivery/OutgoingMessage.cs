using MimeKit;

namespace ColdMail.Delivery;

/// <summary>Readies a stored message for the wire, before it is signed.</summary>
public static class OutgoingMessage
{
    /// <summary>
    /// Adds what RFC 5322 §3.6 requires or recommends if the submitter left it out (a Date, a Message-ID),
    /// and re-encodes 8-bit parts as 7-bit so no relay on the way changes them and breaks the signature
    /// (RFC 6376 §5.3).
    /// </summary>
    public static void Prepare(MimeMessage message, string senderDomain, Guid messageId, DateTimeOffset now)
    {
        if (!message.Headers.Contains(HeaderId.Date))
        {
            message.Date = now;
        }
        if (!message.Headers.Contains(HeaderId.MessageId))
        {
            message.MessageId = $"{messageId:N}@{senderDomain}";
        }
        message.Prepare(EncodingConstraint.SevenBit);
    }
}
