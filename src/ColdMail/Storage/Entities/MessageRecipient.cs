namespace ColdMail.Storage.Entities;

/// <summary>One recipient of a message, with its own delivery state and queue lease.</summary>
public sealed class MessageRecipient
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public required string Address { get; set; }

    /// <summary>The recipient's domain in ASCII lower case; deliveries are grouped by it.</summary>
    public required string Domain { get; set; }

    public RecipientState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public int? LastCode { get; set; }

    public string? LastEnhancedCode { get; set; }

    public string? LastText { get; set; }

    /// <summary>For a bounce: recipient (the address is bad) or sender (policy or reputation).</summary>
    public string? BounceClass { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
