using ColdMail.Smtp;

namespace ColdMail.Policy;

/// <summary>
/// One cap that applies to the next recipient: its counter, its size and when it resets.
/// </summary>
internal sealed record SendLimit(
    SendLimitKind Kind,
    CounterSlot Slot,
    int Cap,
    string Subject,
    DateTimeOffset ResetsAt)
{
    /// <summary>
    /// The refusal when the cap is reached, in the words the design gives for it.
    /// </summary>
    public SmtpReply Refusal() => SmtpReplies.LimitReached(Name, Cap, Subject, ResetsAt);

    public string Name => Kind switch
    {
        SendLimitKind.DomainHourly => "Hourly",
        SendLimitKind.Warmup => "Warm-up",
        _ => "Daily",
    };
}
