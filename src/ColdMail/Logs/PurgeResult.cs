namespace ColdMail.Logs;

/// <summary>What one retention run removed: log entries, finished messages with their bodies, body files.</summary>
public sealed record PurgeResult(long Entries, long Messages, int BodyFiles);
