using MimeKit;

namespace ColdMail.Common;

/// <summary>How MimeKit writes a message for SMTP: lines end in CRLF (RFC 5322 §2.1), whatever the platform.</summary>
internal static class MimeWire
{
    public static readonly FormatOptions Format = Create();

    private static FormatOptions Create()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
