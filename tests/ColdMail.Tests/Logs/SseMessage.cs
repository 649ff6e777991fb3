namespace ColdMail.Tests.Logs;

/// <summary>One thing read from an event stream: an event (id, type, data) or a comment line.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment)
{
    public bool IsComment => Comment is not null;
}
