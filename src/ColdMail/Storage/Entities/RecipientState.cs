namespace ColdMail.Storage.Entities;

/// <summary>The delivery state of one recipient of a message.</summary>
public enum RecipientState
{
    Scheduled = 0,
    Delivering = 1,
    Delivered = 2,
    Deferred = 3,
    Bounced = 4,
    Expired = 5,
}
