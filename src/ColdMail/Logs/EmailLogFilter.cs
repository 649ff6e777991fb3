namespace ColdMail.Logs;

/// <summary>
/// Which email log entries to show; every filter that is set must match. Text filters ignore case.
/// </summary>
/// <param name="Domain">A sending domain of the workspace, by name (Unicode or ASCII form).</param>
/// <param name="Since">Entries at or after this moment.</param>
/// <param name="Until">Entries before this moment.</param>
public sealed record EmailLogFilter(
    string? Domain = null,
    string? Mailbox = null,
    string? Recipient = null,
    string? Event = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null);
