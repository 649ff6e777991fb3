using ColdMail.Domains;
using ColdMail.Smtp;
using ColdMail.Storage.Entities;

namespace ColdMail.Policy;

/// <summary>
/// The sender checks of the design's order: key, mailbox, domain, pauses, then the reverse path.
/// </summary>
internal static class SenderChecks
{
    /// <summary>
    /// Checks 1 to 4, made before every reply of a transaction; null when the sender may go on.
    /// </summary>
    /// <param name="standing">What the database says now of the key, mailbox and domain.</param>
    /// <param name="sender">Who logged in.</param>
    /// <param name="now">The time of the command.</param>
    /// <param name="failingGrace">How long a failing domain goes on sending (Domains:FailingGraceHours).</param>
    public static SmtpReply? Standing(
        SenderStanding? standing,
        AuthenticatedSender sender,
        DateTimeOffset now,
        TimeSpan failingGrace)
    {
        if (standing is null || !standing.KeyEnabled)
        {
            return SmtpReplies.KeyNoLongerValid(sender.Address);
        }
        if (!standing.Mailbox.IsActive)
        {
            return SmtpReplies.MailboxInactive(standing.Mailbox.Address);
        }
        // A failing domain sends until its grace period ends; the state stays Failing after it, so
        // the clock is read here. Any state the domain rules do not know is refused.
        var domain = standing.Domain;
        if (!DomainSendability.CanSend(domain, now, failingGrace, out _))
        {
            return domain.VerificationState == DomainVerificationState.Failing
                ? SmtpReplies.DomainFailing(domain.Name, domain.FailingSince, failingGrace)
                : SmtpReplies.DomainNotVerified(domain.Name);
        }
        if (standing.Domain.IsPaused)
        {
            return SmtpReplies.DomainPaused(standing.Domain.Name, standing.Domain.PauseReason);
        }
        if (standing.Mailbox.IsPaused)
        {
            var mailbox = standing.Mailbox;
            return SmtpReplies.MailboxPaused(mailbox.Address, mailbox.PauseReason);
        }
        return null;
    }

    /// <summary>
    /// Check 5: the reverse path is the mailbox itself. Mailbox addresses are unique in lower case,
    /// so a difference in case can only name this mailbox and is allowed (RFC 5321 §2.4 leaves
    /// local-part case to the owning domain, which is us).
    /// </summary>
    public static SmtpReply? ReversePath(string reversePath, string mailbox)
    {
        var trimmed = reversePath.Trim();
        if (trimmed.Length == 0 || trimmed == "<>")
        {
            // RFC 6409 §6.1: a submission server may refuse a sender the login may not use.
            // Bounces are ours to make.
            return SmtpReplies.NullSenderRefused(mailbox);
        }
        return Addresses.Normalize(trimmed) == mailbox ? null : SmtpReplies.SenderMismatch(mailbox);
    }
}
