namespace ColdMail.Logs;

/// <summary>
/// Which email log entries to show; every filter that is set must match. Text filters ignore case.
/// People's input becomes one through <see cref="EmailLogFilterText.Parse"/>.
/// </summary>
/// <param name="Domain">A sending domain of the workspace, by name (Unicode or ASCII form).</param>
/// <param name="Since">Entries at or after this moment.</param>
/// <param name="Until">Entries before this moment.</param>
/// <param name="MessageId">Entries of this accepted message.</param>
/// <param name="Code">Entries with this SMTP reply code, given or seen.</param>
public sealed record EmailLogFilter(
    string? Domain = null,
    string? Mailbox = null,
    string? Recipient = null,
    string? Event = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    Guid? MessageId = null,
    int? Code = null);
