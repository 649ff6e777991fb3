using System.Text.Json;
using ColdMail.Storage.Entities;

namespace ColdMail.Logs.Webhooks;

/// <summary>The JSON body POSTed for one email log entry; its <c>id</c> lets a receiver drop duplicates.</summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Style = new(JsonSerializerDefaults.Web);

    public static string Serialize(EmailLogEntry entry) => JsonSerializer.Serialize(new
    {
        id = entry.Id,
        at = entry.At,
        @event = entry.Event,
        messageId = entry.MessageId,
        mailbox = entry.Mailbox,
        recipient = entry.Recipient,
        code = entry.Code,
        enhancedCode = entry.EnhancedCode,
        detail = entry.Detail,
    }, Style);
}
