namespace ColdMail.Storage;

/// <summary>How far a committed write must have reached before the commit returns.</summary>
public enum WriteDurability
{
    /// <summary>On the disk: it survives a power loss. Every write that acknowledges mail.</summary>
    Synced,

    /// <summary>
    /// In the database file's log: it survives the process dying, and reaches the disk with the next synced
    /// commit or checkpoint. For bookkeeping whose loss after a power cut can only repeat work (a lease, a
    /// delivery outcome: the message is sent again) or count too high, never lose mail.
    /// </summary>
    Relaxed,
}
