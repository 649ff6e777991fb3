namespace ColdMail.Delivery;

/// <summary>Who a permanent failure is about, which decides whether the address is suppressed.</summary>
public enum BounceClass
{
    /// <summary>The address cannot receive mail: suppressed for the workspace.</summary>
    Recipient = 0,

    /// <summary>The sender, its domain or its reputation was refused: the address may be fine.</summary>
    Sender = 1,

    /// <summary>Neither: the message (size, content) or the destination's condition (mailbox full).</summary>
    Other = 2,
}
