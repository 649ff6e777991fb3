namespace ColdMail.Policy;

/// <summary>
/// One row of the send counters: a scope (a domain's hours, a domain's days, a mailbox's days) and
/// the start of one window. <see cref="Rank"/> orders the rows so that every writer locks them in
/// the same order.
/// </summary>
internal readonly record struct CounterSlot(string Scope, DateTimeOffset WindowStart, int Rank);
