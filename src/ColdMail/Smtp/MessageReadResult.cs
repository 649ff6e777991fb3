namespace ColdMail.Smtp;

/// <summary>How message content ended; every value but <see cref="Complete"/> refuses the message.</summary>
public enum MessageReadResult
{
    Complete,

    /// <summary>A CR or LF that is not part of a CRLF pair (RFC 5321 §2.3.8).</summary>
    BareLineEnding,

    /// <summary>A line over 1000 octets with its CRLF (RFC 5321 §4.5.3.1.6).</summary>
    LineTooLong,

    /// <summary>More than the configured maximum message size (RFC 1870).</summary>
    TooBig,
}
