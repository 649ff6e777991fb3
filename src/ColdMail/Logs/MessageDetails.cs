using ColdMail.Storage.Entities;

namespace ColdMail.Logs;

/// <summary>A message with its recipients' states and every log entry about it, oldest first.</summary>
public sealed record MessageDetails(Message Message, IReadOnlyList<EmailLogEntry> Timeline);
