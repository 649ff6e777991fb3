namespace ColdMail.Delivery;

/// <summary>How a relay session is protected.</summary>
public enum RelaySecurity
{
    /// <summary>In clear: a smarthost on a trusted link.</summary>
    None,

    /// <summary>STARTTLS (RFC 3207) required, with a certificate that verifies.</summary>
    StartTls,

    /// <summary>STARTTLS when offered, any certificate accepted, in clear otherwise (RFC 7435).</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (RFC 8314 §3.3), with a certificate that verifies.</summary>
    Implicit,
}
