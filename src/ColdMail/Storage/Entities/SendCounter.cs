namespace ColdMail.Storage.Entities;

/// <summary>
/// How many recipients one scope (a domain or a mailbox) has had accepted in one window (an hour or a day).
/// Rows are incremented atomically in the database so that several nodes share one count.
/// </summary>
public sealed class SendCounter
{
    /// <summary>For example <c>domain:{id}:day</c> or <c>mailbox:{id}:day</c>.</summary>
    public required string Scope { get; set; }

    /// <summary>The start of the window this count belongs to.</summary>
    public DateTimeOffset WindowStart { get; set; }

    public int Count { get; set; }
}
