namespace ColdMail.Bench.LogSearch;

/// <summary>
/// One generated email log entry, with the same columns the server writes. Workspace and domain are
/// indexes into the corpus (<c>-1</c>: no domain); <see cref="Sequence"/> keeps the order of entries
/// written in the same tick.
/// </summary>
internal readonly record struct LogRow(
    int Sequence,
    int Workspace,
    long AtTicks,
    string Event,
    Guid? MessageId,
    int Domain,
    string? Mailbox,
    string? Recipient,
    int? Code,
    string? EnhancedCode,
    string? Detail,
    string? RemoteAddress,
    string? Host,
    bool? Tls);
