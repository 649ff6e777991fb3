namespace ColdMail.Storage.Entities;

/// <summary>The raw RFC 5322 bytes of a message, kept apart so listings never load them.</summary>
public sealed class MessageBody
{
    public Guid MessageId { get; set; }

    public required byte[] Content { get; set; }
}
