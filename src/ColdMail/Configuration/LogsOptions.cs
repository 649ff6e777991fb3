namespace ColdMail.Configuration;

/// <summary>The email log's retention: <c>ColdMail:Logs</c>.</summary>
public sealed class LogsOptions
{
    /// <summary>Days an entry, and a finished message's body, are kept; 30 is the default.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// Entries or messages removed per transaction: small enough that a writer waits milliseconds for
    /// the SQLite lock, large enough that a day of a busy node is purged in seconds.
    /// </summary>
    public int PurgeBatchSize { get; set; } = 1000;

    /// <summary>How long the purge steps aside between two batches, so waiting writers go first.</summary>
    public int PurgePauseMilliseconds { get; set; } = 20;

    /// <summary>
    /// How often the purge runs: hourly keeps each run short and the log within an hour of its limit.
    /// </summary>
    public int PurgeIntervalMinutes { get; set; } = 60;

    /// <summary>
    /// Seconds without an entry after which the live stream sends a comment line, so that proxies, which
    /// commonly close a connection idle for 60 seconds (nginx's proxy_read_timeout), keep it open.
    /// </summary>
    public int StreamHeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// Live streams this process serves at once. Each polls the log twice a second: a hundred make two
    /// hundred small indexed reads a second, which one SQLite node serves beside its mail.
    /// </summary>
    public int MaxStreams { get; set; } = 100;
}
