namespace ColdMail.Bench;

internal enum TlsMode
{
    /// <summary>Plain connection, upgraded with STARTTLS (RFC 3207), as on port 587.</summary>
    StartTls,

    /// <summary>TLS from the first byte (RFC 8314), as on port 465.</summary>
    Implicit,

    /// <summary>No TLS at all: only for sinks that cannot do it, to measure the generator itself.</summary>
    None,
}
