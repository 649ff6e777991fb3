using MailKit.Net.Smtp;
using MimeKit;

namespace ColdMail.Delivery;

/// <summary>
/// An SMTP client that keeps every recipient's RCPT reply instead of failing the whole transaction on
/// the first refusal, so one transaction can deliver to some recipients and bounce or defer others.
/// </summary>
internal sealed class RelayClient(string poolKey, string host, string remoteAddress, DateTimeOffset openedAt)
    : SmtpClient
{
    private readonly Dictionary<MailboxAddress, SmtpResponse> _replies = new(ReferenceEqualityComparer.Instance);

    public string PoolKey { get; } = poolKey;

    public string Host { get; } = host;

    public string RemoteAddress { get; } = remoteAddress;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public DateTimeOffset LastUsedAt { get; set; } = openedAt;

    /// <summary>True once it has carried a transaction: a failure then may just mean the server hung up.</summary>
    public bool Reused { get; set; }

    public SmtpResponse? ReplyTo(MailboxAddress recipient) => _replies.GetValueOrDefault(recipient);

    public int RepliesSeen => _replies.Count;

    public void BeginTransaction() => _replies.Clear();

    protected override void OnRecipientAccepted(
        MimeMessage message,
        MailboxAddress mailbox,
        SmtpResponse response) => _replies[mailbox] = response;

    protected override void OnRecipientNotAccepted(
        MimeMessage message,
        MailboxAddress mailbox,
        SmtpResponse response) => _replies[mailbox] = response;
}
