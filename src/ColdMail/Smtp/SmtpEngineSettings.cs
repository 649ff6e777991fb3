using ColdMail.Configuration;

namespace ColdMail.Smtp;

/// <summary>The engine's settings and the replies built from them, made once per server.</summary>
public sealed class SmtpEngineSettings
{
    // RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with its CRLF.
    public const int MaxCommandLine = 512;

    // RFC 4954 §4: a server must accept SASL responses of at least 12288 octets.
    public const int MaxAuthLine = 12288;

    // RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF.
    public const int MaxTextLine = 1000;

    public SmtpEngineSettings(SmtpOptions options)
    {
        Hostname = options.Hostname;
        MaxMessageSize = options.MaxMessageSize;
        MaxRecipients = options.MaxRecipients;
        MaxErrors = options.MaxErrors;
        Greeting = SmtpReplies.Greeting(Hostname);
        Closing = SmtpReplies.Closing(Hostname);
        Helo = SmtpReplies.Helo(Hostname);
        string[] common =
        [
            "PIPELINING",
            $"SIZE {MaxMessageSize}",
            "8BITMIME",
            "SMTPUTF8",
            "ENHANCEDSTATUSCODES",
        ];
        EhloBeforeTls = SmtpReplies.Ehlo(Hostname, [.. common, "STARTTLS"]);
        // RFC 4954 §4 leaves it to policy; ColdMail offers AUTH only under TLS so keys never cross in clear.
        EhloUnderTls = SmtpReplies.Ehlo(Hostname, [.. common, "AUTH PLAIN LOGIN"]);
        EhloUnderTlsWithoutAuth = SmtpReplies.Ehlo(Hostname, common);
    }

    public string Hostname { get; }

    public long MaxMessageSize { get; }

    public int MaxRecipients { get; }

    public int MaxErrors { get; }

    public SmtpReply Greeting { get; }

    public SmtpReply Closing { get; }

    public SmtpReply Helo { get; }

    public SmtpReply EhloBeforeTls { get; }

    public SmtpReply EhloUnderTls { get; }

    /// <summary>The EHLO reply under TLS on a listener that does not offer AUTH.</summary>
    public SmtpReply EhloUnderTlsWithoutAuth { get; }
}
