using System.Text;
using ColdMail.Common;
using MimeKit;
using MimeKit.Utils;

namespace ColdMail.Delivery;

/// <summary>Readies a stored message for the wire, before it is signed.</summary>
public static class OutgoingMessage
{
    // MimeKit's default for Prepare: a 7-bit part with a longer line is re-encoded.
    private const int MaxLineLength = 78;

    /// <summary>
    /// The message as it goes on the wire, before it is signed; null when the stored bytes do not parse. The
    /// common message (short ASCII CRLF lines, a Date and a Message-ID, no unsubscribe link to add) is sent as
    /// stored, without being parsed; anything else goes through <see cref="Prepare"/> and is written anew.
    /// </summary>
    /// <param name="stored">The stored message, CRLF text.</param>
    /// <param name="senderDomain">The domain of a Message-ID made here.</param>
    /// <param name="messageId">The stored message's id, the local part of such a Message-ID.</param>
    /// <param name="now">The Date given to a message without one.</param>
    /// <param name="unsubscribeLink">The one-click unsubscribe link to set (RFC 8058), if any.</param>
    public static ReadOnlyMemory<byte>? ForWire(
        byte[] stored,
        string senderDomain,
        Guid messageId,
        DateTimeOffset now,
        string? unsubscribeLink)
    {
        if (unsubscribeLink is null && Ascii.IsValid(stored) && IsShortCrlfLines(stored))
        {
            var header = HeaderBlock(stored);
            var date = HasField(header, "Date"u8);
            var id = HasField(header, "Message-ID"u8);
            if (date && id)
            {
                return stored;
            }
            var added = (date ? "" : $"Date: {DateUtils.FormatDate(now)}\r\n")
                + (id ? "" : $"Message-ID: <{messageId:N}@{senderDomain}>\r\n");
            var fields = Encoding.ASCII.GetBytes(added);
            var whole = new byte[fields.Length + stored.Length];
            fields.CopyTo(whole, 0);
            stored.CopyTo(whole, fields.Length);
            return whole;
        }

        MimeMessage message;
        try
        {
            // Persistent: the parts read their content from the stored bytes instead of copies of them.
            message = MimeMessage.Load(ParserOptions.Default, new MemoryStream(stored, writable: false), true);
        }
        catch (FormatException)
        {
            return null;
        }
        // Disposed when written: a parsed entity left to the finalizer costs a second pass of the collector.
        using (message)
        {
            Prepare(message, stored, senderDomain, messageId, now);
            if (unsubscribeLink is not null)
            {
                UnsubscribeHeaders.Set(message, unsubscribeLink);
            }
            using var wire = new MemoryStream(stored.Length + 1024);
            message.WriteTo(MimeWire.Format, wire);
            return wire.GetBuffer().AsMemory(0, (int)wire.Length);
        }
    }

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

    /// <summary>
    /// True when every line is short and ends in CRLF: no bare CR or LF (as in everything acceptance stores),
    /// nothing <see cref="Prepare"/> would re-encode. One pass over the bytes.
    /// </summary>
    private static bool IsShortCrlfLines(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                return bytes.Length <= MaxLineLength;
            }
            if (end > MaxLineLength || bytes[end] != '\r' || end + 1 == bytes.Length || bytes[end + 1] != '\n')
            {
                return false;
            }
            bytes = bytes[(end + 2)..];
        }
        return true;
    }

    /// <summary>The header fields of a message: everything before the first empty line.</summary>
    private static ReadOnlySpan<byte> HeaderBlock(ReadOnlySpan<byte> message)
    {
        if (message.StartsWith("\r\n"u8))
        {
            return [];
        }
        var end = message.IndexOf("\r\n\r\n"u8);
        return end < 0 ? message : message[..(end + 2)];
    }

    /// <summary>True when a field of this name starts a line of the header block (names ignore case).</summary>
    private static bool HasField(ReadOnlySpan<byte> header, ReadOnlySpan<byte> name)
    {
        while (!header.IsEmpty)
        {
            if (header.Length > name.Length && Ascii.EqualsIgnoreCase(header[..name.Length], name)
                && header[name.Length..].TrimStart(" \t"u8) is [(byte)':', ..])
            {
                return true;
            }
            var next = header.IndexOf("\r\n"u8);
            if (next < 0)
            {
                return false;
            }
            header = header[(next + 2)..];
        }
        return false;
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
