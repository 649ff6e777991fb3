using System.Text;
using ColdMail.Smtp;
using MimeKit;
using MimeKit.Utils;

namespace ColdMail.Policy;

/// <summary>
/// The checks at the end of DATA: the header section must parse (the DKIM signer needs it), it must
/// name exactly one author, and that author must be the mailbox. The trace field and any missing
/// Message-ID and Date are added in front of the client's bytes; the rest is stored as received.
/// </summary>
internal static class MessageHeaders
{
    /// <summary>
    /// Cap on the header section parsed, the default header_size_limit of Postfix (100 KiB).
    /// </summary>
    public const int MaxHeaderBytes = 102_400;

    // RFC 5322 §2.1.1: a line is at most 998 characters; a stored Message-ID is kept within one.
    private const int MaxMessageIdLength = 998;

    private static readonly byte[] BlankLine = "\r\n\r\n"u8.ToArray();

    public static PreparedMessage Prepare(
        ReadOnlyMemory<byte> message,
        string mailbox,
        Guid messageId,
        DateTimeOffset now,
        string? traceField = null)
    {
        var span = message.Span;
        int headerLength;
        if (span.StartsWith("\r\n"u8))
        {
            // RFC 5322 §2.1: the header section ends at the first empty line, here the very first
            // one.
            headerLength = 0;
        }
        else
        {
            var blank = span.IndexOf(BlankLine);
            headerLength = blank >= 0 ? blank + 2 : span.Length;
        }
        if (headerLength > MaxHeaderBytes)
        {
            return PreparedMessage.Refused(SmtpReplies.HeaderSectionTooLarge(MaxHeaderBytes));
        }

        HeaderList headers;
        try
        {
            using var stream = new MemoryStream(message[..headerLength].ToArray(), writable: false);
            headers = HeaderList.Load(ParserOptions.Default, stream);
        }
        catch (FormatException)
        {
            return PreparedMessage.Refused(
                SmtpReplies.HeaderMalformed("the header section cannot be parsed"));
        }

        var refusal = CheckFields(headers) ?? CheckAuthor(headers, mailbox);
        if (refusal is not null)
        {
            return PreparedMessage.Refused(refusal.Value);
        }
        return WithRequiredFields(message, headers, mailbox, messageId, now, traceField);
    }

    private static SmtpReply? CheckFields(HeaderList headers)
    {
        foreach (var header in headers)
        {
            // RFC 5322 §3.6.8: a field name is one or more printable ASCII characters other than
            // the colon.
            if (header.Field.Length == 0 || header.Field.Any(c => c is < '!' or > '~' or ':'))
            {
                return SmtpReplies.HeaderMalformed(
                    "a line of the header section is not a 'Name: value' field");
            }
        }
        return null;
    }

    private static SmtpReply? CheckAuthor(HeaderList headers, string mailbox)
    {
        var from = headers.Where(h => h.Id == HeaderId.From).ToList();
        if (from.Count != 1)
        {
            // RFC 5322 §3.6: exactly one From field.
            return SmtpReplies.HeaderMalformed(
                $"exactly one From header is required, found {from.Count}");
        }
        var options = ParserOptions.Default;
        if (!InternetAddressList.TryParse(options, from[0].RawValue, out var addresses)
            || addresses.Count != 1
            || addresses[0] is not MailboxAddress author)
        {
            // One author, so no Sender field is needed (RFC 5322 §3.6.2) and the signed identity
            // is unambiguous.
            return SmtpReplies.HeaderMalformed("the From header must hold exactly one address");
        }
        return Addresses.Normalize(author.Address) == mailbox
            ? null
            : SmtpReplies.HeaderFromMismatch(mailbox, author.Address);
    }

    private static PreparedMessage WithRequiredFields(
        ReadOnlyMemory<byte> message,
        HeaderList headers,
        string mailbox,
        Guid messageId,
        DateTimeOffset now,
        string? traceField)
    {
        // RFC 5321 §4.4: the trace field goes on top, above whatever the client sent.
        var added = new StringBuilder(traceField);
        var headerMessageId = headers[HeaderId.MessageId]?.Trim();
        if (string.IsNullOrEmpty(headerMessageId))
        {
            // RFC 5322 §3.6.4: id-right names the domain that made the id, here the sender's.
            headerMessageId = $"<{messageId:N}@{Addresses.DomainOf(mailbox)}>";
            added.Append("Message-ID: ").Append(headerMessageId).Append("\r\n");
        }
        if (headers[HeaderId.Date] is null)
        {
            // RFC 5322 §3.6.1: the origination date is required; the moment of acceptance is the
            // best we know.
            var date = DateUtils.FormatDate(now.ToUniversalTime());
            added.Append("Date: ").Append(date).Append("\r\n");
        }

        var prefix = Encoding.ASCII.GetBytes(added.ToString());
        var content = new byte[prefix.Length + message.Length];
        prefix.CopyTo(content, 0);
        message.Span.CopyTo(content.AsSpan(prefix.Length));
        var storedId = ReplyText.Clean(headerMessageId, MaxMessageIdLength);
        return new PreparedMessage(null, content, storedId);
    }
}
