namespace ColdMail.Storage.Entities;

/// <summary>An HTTPS endpoint that receives a workspace's delivery events as signed JSON POSTs.</summary>
public sealed class Webhook
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public required string Url { get; set; }

    /// <summary>
    /// The HMAC signing key, encrypted with the data-protection key ring (<c>WebhookSecretProtector</c>):
    /// signing needs the key itself, so it cannot be stored as a hash.
    /// </summary>
    public required string Secret { get; set; }

    /// <summary>The subscribed event names, comma-separated, such as <c>delivered,bounced</c>.</summary>
    public required string Events { get; set; }

    public bool Enabled { get; set; }

    /// <summary>The id of the last email log entry already turned into a delivery (keyset cursor).</summary>
    public long Cursor { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
