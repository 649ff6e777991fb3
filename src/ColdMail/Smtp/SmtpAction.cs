namespace ColdMail.Smtp;

/// <summary>What the connection does after sending a command's reply.</summary>
public enum SmtpAction
{
    None,

    /// <summary>Discard anything pipelined, then start the TLS handshake (RFC 3207 §4.2, §6).</summary>
    StartTls,

    /// <summary>Read message content up to the end-of-data line (RFC 5321 §4.1.1.4).</summary>
    ReceiveData,

    Close,
}
