using System.Net;

namespace ColdMail.Smtp;

/// <summary>
/// What the submission policy knows of a session: who is connected, who logged in and the open transaction.
/// The protocol engine owns it; the policy reads it and keeps its own per-transaction state in
/// <see cref="PolicyState"/>.
/// </summary>
public sealed class SubmissionContext
{
    public required string SessionId { get; init; }

    public required IPAddress RemoteAddress { get; init; }

    public bool IsTls { get; set; }

    /// <summary>The name the client gave in EHLO or HELO, as typed: untrusted.</summary>
    public string? ClientName { get; set; }

    public AuthenticatedSender? Sender { get; set; }

    /// <summary>The reverse path of the open transaction, null between transactions.</summary>
    public string? MailFrom { get; set; }

    /// <summary>The SIZE the client declared on MAIL, if any (RFC 1870).</summary>
    public long? DeclaredSize { get; set; }

    /// <summary>Recipients accepted in the open transaction, in the order given.</summary>
    public List<string> Recipients { get; } = [];

    /// <summary>Whatever the policy needs to remember within a transaction (reservations, looked-up rows).</summary>
    public object? PolicyState { get; set; }

    /// <summary>Clears the transaction (RSET, a new MAIL, the end of DATA), not the login.</summary>
    public void ResetTransaction()
    {
        MailFrom = null;
        DeclaredSize = null;
        Recipients.Clear();
        PolicyState = null;
    }
}
