using ColdMail.Storage.Entities;

namespace ColdMail.Policy;

/// <summary>
/// What the database says now about a logged-in sender: whether its key is still enabled, and its
/// mailbox and domain with their state and limits. Read afresh for every command, so an admin's
/// change takes effect at the session's next command.
/// </summary>
internal sealed record SenderStanding(bool KeyEnabled, Mailbox Mailbox, Domain Domain);
