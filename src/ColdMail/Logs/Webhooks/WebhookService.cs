using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Logs.Webhooks;

/// <summary>Adds, lists and removes a workspace's webhooks.</summary>
public sealed class WebhookService(
    ColdMailDatabase database,
    WebhookSecretProtector secrets,
    TimeProvider time)
{
    public const string SecretPrefix = "cmw_";

    /// <summary>Creates an enabled webhook; the returned secret is shown to the person once.</summary>
    public async Task<(Webhook Webhook, string Secret)> AddAsync(
        Workspace workspace,
        string url,
        string events,
        CancellationToken cancellationToken)
    {
        var uri = WebhookUrl.Parse(url);
        var names = WebhookEvents.Parse(events);
        await using var db = database.CreateContext();
        // Only events from now on: a new endpoint is not flooded with the workspace's history.
        var cursor = await db.EmailLog.Where(l => l.WorkspaceId == workspace.Id)
            .MaxAsync(l => (long?)l.Id, cancellationToken) ?? 0;
        var secret = SecretToken.Create(SecretPrefix);
        var webhook = new Webhook
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspace.Id,
            Url = uri.AbsoluteUri,
            Secret = secrets.Protect(secret),
            Events = string.Join(',', names),
            Enabled = true,
            Cursor = cursor,
            CreatedAt = time.GetUtcNow(),
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        return (webhook, secret);
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => w.WorkspaceId == workspace.Id)
            .ToListAsync(cancellationToken);
        return webhooks.OrderBy(w => w.CreatedAt).ThenBy(w => w.Url, StringComparer.Ordinal).ToList();
    }

    /// <summary>Deletes the webhook and its pending deliveries; nothing more is sent to it.</summary>
    public async Task RemoveAsync(Workspace workspace, string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var webhookId))
        {
            throw ResourceException.Invalid($"'{id}' is not a webhook id.");
        }
        await using var db = database.CreateContext();
        var webhook = await db.Webhooks.SingleOrDefaultAsync(
            w => w.Id == webhookId && w.WorkspaceId == workspace.Id, cancellationToken)
            ?? throw ResourceException.NotFound(
                $"The workspace '{workspace.Name}' has no webhook '{webhookId}'.");
        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(cancellationToken);
    }
}
