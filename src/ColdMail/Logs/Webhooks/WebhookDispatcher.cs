using System.Net.Http.Headers;
using System.Text;
using ColdMail.Configuration;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Logs.Webhooks;

/// <summary>
/// One pass of webhook work: turns new email log entries into deliveries, then POSTs those that are due.
/// It only reads the log, so a slow or failing endpoint delays other webhooks at worst, never mail.
/// </summary>
// Limitation: POSTs go one after another, so an endpoint that times out delays the other webhooks'
// events by up to 10 s each; parallel sending per endpoint is left for when one server hosts many.
// Limitation: one serve process per database is assumed; two would both POST a due delivery.
public sealed partial class WebhookDispatcher(
    ColdMailDatabase database,
    WebhookHttpClient http,
    WebhookSecretProtector secrets,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger)
{
    // Bounds one pass's memory and time; the next pass continues where this one stopped.
    private const int ScanBatch = 500;
    private const int SendBatch = 50;

    // Status text and exception messages are capped so a hostile endpoint cannot fill the table.
    private const int MaxErrorLength = 500;

    /// <summary>Scans and sends once; returns how many POSTs were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await ScanAsync(cancellationToken);
        var sent = await SendDueAsync(cancellationToken);
        await PurgeFinishedAsync(cancellationToken);
        return sent;
    }

    /// <summary>Finished deliveries are kept as long as the log entries they report on, then dropped.</summary>
    private async Task PurgeFinishedAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.Logs.RetentionDays);
        await using var db = database.CreateContext();
        await db.WebhookDeliveries
            .Where(d => d.State != WebhookDeliveryState.Pending && d.UpdatedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var webhooks = await db.Webhooks.Where(w => w.Enabled).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var webhook in webhooks)
        {
            var events = webhook.Events.Split(',');
            var entries = await db.EmailLog.AsNoTracking()
                .Where(l => l.WorkspaceId == webhook.WorkspaceId && l.Id > webhook.Cursor
                    && events.Contains(l.Event))
                .OrderBy(l => l.Id)
                .Select(l => l.Id)
                .Take(ScanBatch)
                .ToListAsync(cancellationToken);
            if (entries.Count == 0)
            {
                continue;
            }
            foreach (var entryId in entries)
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    WebhookId = webhook.Id,
                    EmailLogEntryId = entryId,
                    State = WebhookDeliveryState.Pending,
                    NextAttemptAt = now,
                    UpdatedAt = now,
                });
            }
            // The cursor moves in the same transaction as the rows it covers: none is made twice or skipped.
            webhook.Cursor = entries[^1];
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now
                && db.Webhooks.Any(w => w.Id == d.WebhookId && w.Enabled))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Take(SendBatch)
            .ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            var webhook = await db.Webhooks.AsNoTracking()
                .SingleOrDefaultAsync(w => w.Id == delivery.WebhookId, cancellationToken);
            if (webhook is null)
            {
                // Removed since this pass began; its deliveries went with it.
                continue;
            }
            var entry = await db.EmailLog.AsNoTracking()
                .SingleOrDefaultAsync(l => l.Id == delivery.EmailLogEntryId, cancellationToken);
            if (entry is null)
            {
                Finish(delivery, WebhookDeliveryState.Failed, null, "The log entry was purged by retention.");
            }
            else
            {
                var (status, error) = await PostAsync(webhook, entry, cancellationToken);
                Record(delivery, status, error);
                if (delivery.State != WebhookDeliveryState.Delivered)
                {
                    LogAttemptFailed(logger, webhook.Id, delivery.Attempts, status, error ?? "");
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        return due.Count;
    }

    private async Task<(int? Status, string? Error)> PostAsync(
        Webhook webhook,
        EmailLogEntry entry,
        CancellationToken cancellationToken)
    {
        var body = WebhookPayload.Serialize(entry);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(
            System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader,
            WebhookSignature.Compute(secrets.Unprotect(webhook.Secret), timestamp, body));
        try
        {
            using var response = await http.Client.SendAsync(
                request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? (status, null)
                : (status, Cap($"HTTP {status} {response.ReasonPhrase}"));
        }
        catch (HttpRequestException error)
        {
            return (null, Cap(error.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No response within {WebhookHttpClient.Timeout.TotalSeconds:0} s.");
        }
    }

    private void Record(WebhookDelivery delivery, int? status, string? error)
    {
        delivery.Attempts++;
        if (error is null)
        {
            Finish(delivery, WebhookDeliveryState.Delivered, status, null);
            return;
        }
        var wait = WebhookBackoff.After(delivery.Attempts);
        if (wait is null)
        {
            Finish(delivery, WebhookDeliveryState.Failed, status, error);
            return;
        }
        delivery.LastStatus = status;
        delivery.LastError = error;
        delivery.NextAttemptAt = time.GetUtcNow() + wait.Value;
        delivery.UpdatedAt = time.GetUtcNow();
    }

    private void Finish(WebhookDelivery delivery, WebhookDeliveryState state, int? status, string? error)
    {
        delivery.State = state;
        delivery.LastStatus = status;
        delivery.LastError = error;
        delivery.NextAttemptAt = null;
        delivery.UpdatedAt = time.GetUtcNow();
    }

    private static string Cap(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "Webhook {WebhookId} attempt {Attempt} failed with status {Status}: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid webhookId, int attempt, int? status,
        string error);
}
