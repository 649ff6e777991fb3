namespace ColdMail.Storage.Entities;

/// <summary>Where one event's POST to one webhook stands.</summary>
public enum WebhookDeliveryState
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}
