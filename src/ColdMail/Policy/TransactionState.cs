namespace ColdMail.Policy;

/// <summary>
/// What the policy holds for the open transaction (kept in <c>SubmissionContext.PolicyState</c>):
/// the recipients it accepted and the send-counter units reserved for them, to keep on acceptance
/// or give back.
/// </summary>
internal sealed class TransactionState
{
    /// <summary>Accepted recipients in their stored form, each once, in the order given.</summary>
    public List<string> Recipients { get; } = [];

    // Limitation: units are committed at RCPT so that every node sees them; if this process dies
    // before the transaction ends, its units stay counted until their window resets (the count
    // errs high, never past a cap).
    /// <summary>One entry per unit taken: a recipient under three limits holds three.</summary>
    public List<CounterSlot> Reservations { get; } = [];
}
