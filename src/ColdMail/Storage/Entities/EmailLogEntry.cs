namespace ColdMail.Storage.Entities;

/// <summary>One immutable event in the life of a message, a login or a domain.</summary>
public sealed class EmailLogEntry
{
    public long Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>One of the names in <c>Logs.EmailEvents</c>: received, rejected, delivered …</summary>
    public required string Event { get; set; }

    public Guid? MessageId { get; set; }

    public Guid? DomainId { get; set; }

    public string? Mailbox { get; set; }

    public string? Recipient { get; set; }

    /// <summary>The SMTP reply code given or seen, when there was one.</summary>
    public int? Code { get; set; }

    public string? EnhancedCode { get; set; }

    /// <summary>The reply text or a sentence describing the event.</summary>
    public string? Detail { get; set; }

    public string? RemoteAddress { get; set; }

    /// <summary>The remote host a delivery attempt spoke to.</summary>
    public string? Host { get; set; }

    public bool? Tls { get; set; }
}
