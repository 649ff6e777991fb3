namespace ColdMail.Logs;

/// <summary>Who a bounce is about, as the statistics and the metrics count it.</summary>
public enum BounceKind
{
    /// <summary>The recipient's address: it does not exist or takes no mail.</summary>
    Recipient,

    /// <summary>The sender: policy, authentication or reputation.</summary>
    Sender,

    /// <summary>Anything else: the message, the network, the remote system.</summary>
    Other,
}
