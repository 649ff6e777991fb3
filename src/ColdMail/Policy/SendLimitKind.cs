namespace ColdMail.Policy;

/// <summary>The send limits, in the order they are checked and their counters are locked.</summary>
internal enum SendLimitKind
{
    DomainHourly = 0,
    DomainDaily = 1,
    Warmup = 2,
    MailboxDaily = 3,
}
