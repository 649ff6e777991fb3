using System.Text;
using MimeKit;

namespace ColdMail.Delivery;

/// <summary>Readies a stored message for the wire, before it is signed.</summary>
public static class OutgoingMessage
{
    // MimeKit's default for Prepare: a 7-bit part with a longer line is re-encoded.
    private const int MaxLineLength = 78;

    /// <summary>
    /// Adds what RFC 5322 §3.6 requires or recommends if the submitter left it out (a Date, a Message-ID),
    /// and re-encodes 8-bit parts as 7-bit so no relay on the way changes them and breaks the signature
    /// (RFC 6376 §5.3).
    /// </summary>
    /// <param name="message">The parsed message, changed in place.</param>
    /// <param name="stored">Its stored bytes: when they are all short ASCII lines there is nothing to re-encode,
    /// and MimeKit's scan of every part is skipped.</param>
    /// <param name="senderDomain">The domain of a Message-ID made here.</param>
    /// <param name="messageId">The stored message's id, the local part of such a Message-ID.</param>
    /// <param name="now">The Date given to a message without one.</param>
    public static void Prepare(
        MimeMessage message,
        ReadOnlySpan<byte> stored,
        string senderDomain,
        Guid messageId,
        DateTimeOffset now)
    {
        if (!message.Headers.Contains(HeaderId.Date))
        {
            message.Date = now;
        }
        if (!message.Headers.Contains(HeaderId.MessageId))
        {
            message.MessageId = $"{messageId:N}@{senderDomain}";
        }
        if (!Ascii.IsValid(stored) || HasLongLine(stored))
        {
            message.Prepare(EncodingConstraint.SevenBit, MaxLineLength);
        }
    }

    private static bool HasLongLine(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > MaxLineLength)
        {
            var end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0 || end > MaxLineLength)
            {
                return true;
            }
            bytes = bytes[(end + 1)..];
        }
        return false;
    }
}
