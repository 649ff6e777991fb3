using System.Globalization;
using ColdMail.Domains;
using ColdMail.Policy;

namespace ColdMail.Smtp;

/// <summary>
/// The replies of the submission policy: login, the sender and recipient checks, the header checks
/// and acceptance. Each refusal says what was refused and what a person can do about it. Basic
/// codes follow RFC 5321 §4.2, enhanced codes RFC 3463 and, for AUTH, RFC 4954 §6.
/// </summary>
public static partial class SmtpReplies
{
    // RFC 4954 §6: 235 2.7.0 after a successful AUTH.
    public static readonly SmtpReply LoginAccepted = new(235, "2.7.0", "Authentication successful");

    // RFC 4954 §6: 535 5.7.8, invalid credentials. One text for every cause, so it is no oracle.
    public static readonly SmtpReply LoginRefused = new(535, "5.7.8",
        "Authentication credentials invalid; "
        + "log in with the mailbox address and one of its enabled auth keys");

    // RFC 4954 §6: 530 5.7.0, authentication is required before this command.
    public static readonly SmtpReply SenderNotLoggedIn = new(530, "5.7.0",
        "Authentication required; log in with the mailbox address and an auth key before MAIL");

    // RFC 3463 X.3.2: the system is not accepting messages, for example at an imminent shutdown.
    public static readonly SmtpReply AcceptanceStopped = new(451, "4.3.2",
        "Server is shutting down and did not accept the message; try again shortly");

    public static readonly SmtpReply RecipientAcceptanceStopped = new(451, "4.3.2",
        "Server is shutting down and did not accept the recipient; try again shortly");

    /// <summary>
    /// RFC 4954 §6: 454 4.7.0 is the temporary AUTH failure. It keeps the session (a new
    /// connection would be throttled the same), and clients read it as "retry later", not as a
    /// wrong password.
    /// </summary>
    public static SmtpReply LoginThrottled(TimeSpan retryAfter) => new(454, "4.7.0",
        "Too many failed logins from this client address or for this user name; "
        + $"try again in {ReplyText.Minutes(retryAfter)}");

    // RFC 4954 §6: 454 4.7.0, the credentials could not be checked right now.
    public static SmtpReply LoginUnavailable(string sessionId) => new(454, "4.7.0",
        "Temporary authentication failure; try again shortly "
        + $"(session {ReplyText.Clean(sessionId, 64)})");

    // RFC 3463 X.1.0: other address status; RFC 5321 §4.2.2: 250 for a completed MAIL.
    public static SmtpReply SenderAccepted(string address) => new(250, "2.1.0",
        $"Sender <{ReplyText.Clean(address)}> ok");

    // RFC 3463 X.1.5: destination address valid.
    public static SmtpReply RecipientAccepted(string address) => new(250, "2.1.5",
        $"Recipient <{ReplyText.Clean(address)}> ok");

    // RFC 3463 X.7.8 (RFC 4954 §6): the credential the session logged in with is no longer valid.
    public static SmtpReply KeyNoLongerValid(string mailbox) => new(550, "5.7.8",
        "The auth key this session logged in with was disabled or removed; "
        + $"reconnect with an enabled key of {ReplyText.Clean(mailbox)}");

    // RFC 3463 X.7.1: the sender is not authorised to send.
    public static SmtpReply MailboxInactive(string mailbox) => new(550, "5.7.1",
        $"Mailbox {ReplyText.Clean(mailbox)} is inactive; "
        + "a workspace admin must activate it before it can send");

    // RFC 3463 X.7.1: nothing may be sent until the domain's DNS authentication is verified.
    public static SmtpReply DomainNotVerified(string domain) => new(550, "5.7.1",
        $"Domain {ReplyText.Clean(domain)} is not verified; "
        + "publish its DNS records and verify it before sending");

    /// <summary>
    /// RFC 3463 X.7.1: the domain's DNS authentication broke and its grace period is over. Permanent,
    /// since only a person fixing the records can change it; retrying would only fail again.
    /// </summary>
    public static SmtpReply DomainFailing(string domain, DateTimeOffset? failingSince, TimeSpan grace)
    {
        var since = failingSince?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var hours = grace.TotalHours.ToString("0", CultureInfo.InvariantCulture);
        return new(550, "5.7.1",
            $"Domain {ReplyText.Clean(domain)} fails DNS authentication since {since} UTC and its "
            + $"{hours}-hour grace period is over; fix its SPF, DKIM and DMARC records "
            + "(see 'coldmail domain show') and verify it again");
    }

    // A pause is meant to end, so the refusal is temporary and the client keeps the mail
    // (RFC 5321 §4.2.5).
    public static SmtpReply DomainPaused(string domain, string? reason) => new(451, "4.7.1",
        $"Domain {ReplyText.Clean(domain)} is paused ({ReplyText.Reason(reason)}); "
        + "mail is accepted again when a workspace admin resumes it");

    public static SmtpReply MailboxPaused(string mailbox, string? reason) => new(451, "4.7.1",
        $"Mailbox {ReplyText.Clean(mailbox)} is paused ({ReplyText.Reason(reason)}); "
        + "mail is accepted again when a workspace admin resumes it");

    // RFC 5321 §4.2.2: 553, mailbox name not allowed; RFC 3463 X.7.1: not authorised as sender.
    public static SmtpReply NullSenderRefused(string mailbox) => new(553, "5.7.1",
        "The null reverse-path <> cannot be used for submission; "
        + $"use MAIL FROM:<{ReplyText.Clean(mailbox)}>");

    public static SmtpReply SenderMismatch(string mailbox) => new(553, "5.7.1",
        $"MAIL FROM must be <{ReplyText.Clean(mailbox)}>, the mailbox this session logged in as");

    /// <summary>A send limit is full: temporary, naming the limit, whose it is and when it resets.</summary>
    public static SmtpReply LimitReached(string limit, int cap, string subject, DateTimeOffset resetsAt)
    {
        var unit = cap == 1 ? "message" : "messages";
        var reset = resetsAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        return new(451, "4.7.1",
            $"{limit} limit of {cap} {unit} for {ReplyText.Clean(subject)} reached; resets at {reset} UTC");
    }

    /// <summary>
    /// RFC 3463 X.7.1: the domain may not send at this hour. Temporary (RFC 5321 §4.2.5), since the
    /// window opens again; names the window, its zone and when sending resumes, also in UTC.
    /// </summary>
    public static SmtpReply OutsideSendingHours(string domain, SendingHours hours, DateTimeOffset resumesAt)
    {
        var zone = ReplyText.Clean(hours.Zone.Id);
        var local = TimeZoneInfo.ConvertTime(resumesAt, hours.Zone)
            .ToString("HH:mm", CultureInfo.InvariantCulture);
        var utc = resumesAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        var resumes = hours.Zone == TimeZoneInfo.Utc ? $"{utc} UTC" : $"{local} ({utc} UTC)";
        return new(451, "4.7.1",
            $"Domain {ReplyText.Clean(domain)} sends only between {SendingHours.Show(hours.Start)} and "
            + $"{SendingHours.Show(hours.End)} {zone}; sending resumes at {resumes}");
    }

    // RFC 3463 X.3.5: the system is incorrectly configured; the zone is the operator's to fix.
    public static SmtpReply SendingTimeZoneMissing(string domain, string? zone) => new(451, "4.3.5",
        $"Domain {ReplyText.Clean(domain)} has sending hours in time zone {ReplyText.Clean(zone ?? "UTC")}, "
        + "which this server does not know; a workspace admin must change the zone");

    // RFC 3463 X.7.1: sending to this address is refused by the workspace's policy.
    public static SmtpReply RecipientSuppressed(string address, string reason) => new(550, "5.7.1",
        $"<{ReplyText.Clean(address)}> is on this workspace's suppression list "
        + $"({ReplyText.Reason(reason)}); remove it from the list to send to it again");

    // RFC 3463 X.1.2: the destination system in the address cannot accept mail.
    public static SmtpReply RecipientDomainRefused(string domain) => new(550, "5.1.2",
        $"Recipient domain {ReplyText.Clean(domain)} is not deliverable from here; "
        + "use a public domain name, not an address literal or a local name");

    // RFC 3463 X.3.4: too big for the system; the header section is capped before it is parsed.
    public static SmtpReply HeaderSectionTooLarge(int maxBytes) => new(552, "5.3.4",
        $"Message header section is larger than {maxBytes} bytes; shorten the headers");

    // RFC 3463 X.6.0: a problem with the message content; RFC 5322 §2.2 and §3.6 set the rules.
    public static SmtpReply HeaderMalformed(string problem) => new(550, "5.6.0",
        $"Message headers are malformed: {ReplyText.Clean(problem)}; send RFC 5322 headers");

    // RFC 3463 X.7.1: the author is not the sender this session may send as.
    public static SmtpReply HeaderFromMismatch(string mailbox, string found) => new(550, "5.7.1",
        $"Header From must be <{ReplyText.Clean(mailbox)}> (any display name), "
        + $"not <{ReplyText.Clean(found)}>");

    // RFC 5321 §4.2.2 and RFC 3463 X.0.0: the message is stored and will be delivered.
    public static SmtpReply MessageQueued(Guid messageId) => new(250, "2.0.0",
        $"Ok: queued as {messageId:N}");

    // RFC 3463 X.3.0: a local system failure; the session id lets support find the log line.
    public static SmtpReply StorageFailure(string sessionId) => new(451, "4.3.0",
        "Temporary local problem, nothing was stored; try again later "
        + $"(session {ReplyText.Clean(sessionId, 64)})");
}
