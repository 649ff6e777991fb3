namespace ColdMail.Storage.Entities;

/// <summary>
/// An accepted message: its envelope and metadata. The body is in the body files where the <c>Body*</c>
/// columns say (SQLite on a file), otherwise in <see cref="MessageBody"/>.
/// </summary>
public sealed class Message
{
    /// <summary>Time-ordered (version 7) id; its 32-hex form is the queue id given to the client.</summary>
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public Guid DomainId { get; set; }

    public Guid MailboxId { get; set; }

    public required string MailFrom { get; set; }

    /// <summary>The Message-ID header, as the client sent it or as added on acceptance.</summary>
    public string? HeaderMessageId { get; set; }

    public long Size { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string? ClientAddress { get; set; }

    public Guid? AuthKeyId { get; set; }

    /// <summary>The body file segment holding the body (<see cref="BodyLocation"/>); its length is Size.</summary>
    public long? BodySegment { get; set; }

    public long? BodyOffset { get; set; }

    public long? BodyChecksum { get; set; }

    public List<MessageRecipient> Recipients { get; set; } = [];
}
