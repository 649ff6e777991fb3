namespace ColdMail.Storage.Entities;

/// <summary>A named SMTP credential of one mailbox. Only a hash of the secret is kept.</summary>
public sealed class AuthKey
{
    public Guid Id { get; set; }

    public Guid MailboxId { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the whole secret; the secret has 256 random bits, so a slow hash adds nothing.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>The first characters of the secret, enough for a person to tell keys apart.</summary>
    public required string Hint { get; set; }

    public bool IsEnabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string? LastUsedFrom { get; set; }
}
