namespace ColdMail.Configuration;

public enum SmarthostTls
{
    /// <summary>STARTTLS is required (RFC 3207); a relay that does not offer it is not used.</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (RFC 8314 §3.3), usually port 465.</summary>
    Implicit = 1,

    /// <summary>No TLS: only for a relay on a trusted local network or in a test lab.</summary>
    None = 2,
}
