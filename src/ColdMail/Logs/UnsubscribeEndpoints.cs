using System.Globalization;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Logs;

/// <summary>
/// The target of one-click unsubscribe links (RFC 8058): POST unsubscribes; GET only shows a button that
/// POSTs, because link scanners and previews follow GETs that nobody meant.
/// </summary>
public static class UnsubscribeEndpoints
{
    public const string Reason = "unsubscribe";

    private const string Route = "/u/{message}/{recipient}/{token}";

    public static WebApplication MapUnsubscribe(this WebApplication app)
    {
        app.MapGet(Route, (string message, string recipient, string token, UnsubscribeLinks links) =>
            Parse(message, recipient, token, links) is null
                ? Results.NotFound()
                : Results.Content(ConfirmPage, "text/html; charset=utf-8"));
        app.MapPost(Route, UnsubscribeAsync).DisableAntiforgery();
        return app;
    }

    // A form without an action POSTs back to the same link, with the body RFC 8058 §3.2 describes.
    private const string ConfirmPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
        <title>Unsubscribe</title></head>
        <body><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
        <p>Stop receiving mail from this sender?</p><button type="submit">Unsubscribe</button></form></body></html>
        """;

    private static async Task<IResult> UnsubscribeAsync(
        string message,
        string recipient,
        string token,
        UnsubscribeLinks links,
        ColdMailDatabase database,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // Limitation: the body is not required to be List-Unsubscribe=One-Click (RFC 8058 §3.2); the
        // token alone authorises, so a plain POST from an older client works too.
        if (Parse(message, recipient, token, links) is not var (messageId, recipientId))
        {
            return Results.NotFound();
        }

        await using var db = database.CreateContext();
        var target = await db.MessageRecipients.AsNoTracking()
            .Where(r => r.Id == recipientId && r.MessageId == messageId)
            .Join(db.Messages, r => r.MessageId, m => m.Id,
                (r, m) => new { r.Address, m.WorkspaceId, m.DomainId, m.MailFrom })
            .FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            // The message has been purged by retention, or never existed.
            return Results.NotFound();
        }

        var address = target.Address.ToLowerInvariant();
        var now = time.GetUtcNow();
        var suppressed = await db.Suppressions.AnyAsync(
            s => s.WorkspaceId == target.WorkspaceId && s.Address == address, cancellationToken);
        if (!suppressed)
        {
            db.Suppressions.Add(new Suppression
            {
                WorkspaceId = target.WorkspaceId,
                Address = address,
                Reason = Reason,
                Detail = $"One-click unsubscribe from message {messageId:N}.",
                CreatedAt = now,
            });
        }
        var logged = await db.EmailLog.AnyAsync(
            e => e.MessageId == messageId && e.Event == EmailEvents.Unsubscribed && e.Recipient == target.Address,
            cancellationToken);
        if (!logged)
        {
            db.EmailLog.Add(new EmailLogEntry
            {
                WorkspaceId = target.WorkspaceId,
                At = now,
                Event = EmailEvents.Unsubscribed,
                MessageId = messageId,
                DomainId = target.DomainId,
                Mailbox = target.MailFrom,
                Recipient = target.Address,
                Detail = "The recipient unsubscribed with the one-click link.",
            });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!suppressed)
        {
            // A second click raced this one and listed the address first; it wrote the log entry too.
        }
        return Results.Text("You are unsubscribed and will receive no more mail from this sender.\n");
    }

    private static (Guid Message, long Recipient)? Parse(
        string message,
        string recipient,
        string token,
        UnsubscribeLinks links)
    {
        if (!Guid.TryParseExact(message, "N", out var messageId)
            || !long.TryParse(recipient, NumberStyles.None, CultureInfo.InvariantCulture, out var recipientId))
        {
            return null;
        }
        var ok = links.Verify(messageId, recipientId, token);
        return ok ? (messageId, recipientId) : null;
    }
}
