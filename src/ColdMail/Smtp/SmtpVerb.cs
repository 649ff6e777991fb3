namespace ColdMail.Smtp;

/// <summary>The commands the engine knows (RFC 5321 §4.1.1, RFC 3207, RFC 4954).</summary>
public enum SmtpVerb
{
    Unknown,
    Ehlo,
    Helo,
    StartTls,
    Auth,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Expn,
    Help,
}
