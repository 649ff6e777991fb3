namespace ColdMail.Smtp;

/// <summary>Conditions a command needs besides the state, checked before its handler runs.</summary>
[Flags]
public enum SmtpRequirement
{
    None = 0,

    /// <summary>The client said EHLO, not HELO: extension commands need it (RFC 5321 §4.1.1.1).</summary>
    Ehlo = 1,

    /// <summary>The session is under TLS: AUTH is offered only there.</summary>
    Tls = 2,

    /// <summary>The session is not yet under TLS (RFC 3207 §4.2: STARTTLS once).</summary>
    NoTls = 4,

    /// <summary>A login succeeded: nothing is accepted without one.</summary>
    Authenticated = 8,

    /// <summary>No login yet (RFC 4954 §4: AUTH once per session).</summary>
    NotAuthenticated = 16,
}
