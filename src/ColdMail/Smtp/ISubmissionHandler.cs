namespace ColdMail.Smtp;

/// <summary>
/// The product's rules behind the SMTP front door. The protocol engine handles syntax, state, sizes and
/// TLS, and asks this for every decision that needs the database. Each method returns the reply to send.
/// </summary>
public interface ISubmissionHandler
{
    /// <summary>AUTH PLAIN or LOGIN: the user name is a mailbox address, the password one of its keys.</summary>
    ValueTask<LoginOutcome> LoginAsync(
        SubmissionContext context,
        string userName,
        string password,
        CancellationToken cancellationToken);

    /// <summary>MAIL FROM, after the engine checked syntax and SIZE: key, mailbox, domain, pause, sender.</summary>
    ValueTask<SmtpReply> MailFromAsync(
        SubmissionContext context,
        string reversePath,
        CancellationToken cancellationToken);

    /// <summary>RCPT TO: send limits and suppression. The engine adds the address to the context on 250.</summary>
    ValueTask<SmtpReply> RecipientAsync(SubmissionContext context, string address, CancellationToken cancellationToken);

    /// <summary>
    /// The end of DATA: header checks, then durable storage before the positive reply. The message is the
    /// un-stuffed content with CRLF line endings.
    /// </summary>
    ValueTask<SmtpReply> MessageAsync(
        SubmissionContext context,
        ReadOnlyMemory<byte> message,
        CancellationToken cancellationToken);

    /// <summary>The transaction ends without a message (RSET, QUIT, a lost connection): release its holds.</summary>
    ValueTask AbandonAsync(SubmissionContext context, CancellationToken cancellationToken);
}
