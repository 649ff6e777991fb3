namespace ColdMail.Storage.Entities;

/// <summary>One email log entry bound for one webhook, with the record of its attempts.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    public Guid WebhookId { get; set; }

    public long EmailLogEntryId { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the next POST is due; null once delivered or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public WebhookDeliveryState State { get; set; }

    /// <summary>The HTTP status of the last attempt, null when no response came.</summary>
    public int? LastStatus { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
