namespace ColdMail.Logs;

/// <summary>What one retention run removed: log entries, and finished messages with their bodies.</summary>
public sealed record PurgeResult(long Entries, long Messages);
