using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ColdMail.Storage.Entities;

namespace ColdMail.Logs;

/// <summary>An email log entry as exported: every field, names as in the CSV header.</summary>
public sealed record ExportedLogEntry(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("message_id")] string? MessageId,
    [property: JsonPropertyName("mailbox")] string? Mailbox,
    [property: JsonPropertyName("recipient")] string? Recipient,
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("enhanced_code")] string? EnhancedCode,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("remote_address")] string? RemoteAddress,
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("tls")] bool? Tls)
{
    private static readonly JsonSerializerOptions JsonStyle = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "at", "event", "message_id", "mailbox", "recipient", "code", "enhanced_code", "detail",
        "remote_address", "host", "tls",
    ];

    /// <summary>
    /// The entry as one JSON object on one line: the serializer escapes every control character, so no
    /// line break from a remote server's reply can split it (NDJSON export, server-sent events).
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonStyle);

    public static ExportedLogEntry From(EmailLogEntry entry) => new(
        entry.Id,
        entry.At.ToUniversalTime(),
        entry.Event,
        entry.MessageId?.ToString("N"),
        entry.Mailbox,
        entry.Recipient,
        entry.Code,
        entry.EnhancedCode,
        entry.Detail,
        entry.RemoteAddress,
        entry.Host,
        entry.Tls);
}
