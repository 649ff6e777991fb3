namespace ColdMail.Delivery;

/// <summary>Why a relay session could not be opened or used; the message says it for people.</summary>
public enum RelayFault
{
    /// <summary>The server refused a step of opening the session with a reply.</summary>
    Refused,

    /// <summary>The TLS handshake failed or the certificate did not verify.</summary>
    Tls,

    /// <summary>The server refused our credentials.</summary>
    Authentication,

    /// <summary>The server lacks something the session needs (STARTTLS, AUTH, SMTPUTF8).</summary>
    Unsupported,

    /// <summary>The server broke the protocol: a malformed or oversized reply.</summary>
    Protocol,
}

/// <summary>A relay session that failed at something the remote server did or lacks.</summary>
public sealed class RelayException(RelayFault fault, string message, RelayReply? reply = null)
    : Exception(message)
{
    public RelayFault Fault { get; } = fault;

    /// <summary>The reply that refused, when there was one.</summary>
    public RelayReply? Reply { get; } = reply;
}
