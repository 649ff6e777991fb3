using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Logs.Webhooks;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Logs.Webhooks;

public sealed class WebhookDispatcherTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_delivered_event_is_posted_with_a_signature_that_verifies(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await using var receiver = new WebhookReceiver();
        var time = new FakeTimeProvider(Start);
        var (_, secret) = await AddWebhookAsync(instance, receiver.Url, WebhookEvents.DefaultList);
        var entry = await AppendAsync(instance, EmailEvents.Delivered, time);
        using var http = new WebhookHttpClient();
        var dispatcher = Dispatcher(instance, http, time);

        var sent = await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, sent);
        var post = Assert.Single(receiver.Posts);
        Assert.Equal(("POST", "/hooks/coldmail"), (post.Method, post.Path));
        Assert.StartsWith("application/json", post.ContentType);
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(), post.Timestamp);
        var expected = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(post.Timestamp + "." + post.Body));
        Assert.Equal("v1=" + Convert.ToHexStringLower(expected), post.Signature);
        var json = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal(entry.Id, json.GetProperty("id").GetInt64());
        Assert.Equal("delivered", json.GetProperty("event").GetString());
        Assert.Equal(entry.MessageId, json.GetProperty("messageId").GetGuid());
        Assert.Equal("sales@example.com", json.GetProperty("mailbox").GetString());
        Assert.Equal("lead@example.net", json.GetProperty("recipient").GetString());
        Assert.Equal(250, json.GetProperty("code").GetInt32());
        Assert.Equal("2.0.0", json.GetProperty("enhancedCode").GetString());
        Assert.Equal("250 2.0.0 OK queued", json.GetProperty("detail").GetString());
        await using var db = instance.Database.CreateContext();
        var delivery = await db.WebhookDeliveries.SingleAsync();
        Assert.Equal(
            (WebhookDeliveryState.Delivered, 1, 200),
            (delivery.State, delivery.Attempts, delivery.LastStatus));
        Assert.Null(delivery.NextAttemptAt);
    }

    [Fact]
    public async Task Only_subscribed_events_of_the_webhooks_workspace_are_sent()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var receiver = new WebhookReceiver();
        var time = new FakeTimeProvider(Start);
        await AddWebhookAsync(instance, receiver.Url, "bounced,rejected");
        var bounced = await AppendAsync(instance, EmailEvents.Bounced, time);
        await AppendAsync(instance, EmailEvents.Delivered, time);
        await AppendAsync(instance, EmailEvents.Received, time);
        var rejected = await AppendAsync(instance, EmailEvents.Rejected, time);
        await AppendAsync(instance, EmailEvents.Bounced, time, workspaceId: Guid.NewGuid());
        using var http = new WebhookHttpClient();
        var dispatcher = Dispatcher(instance, http, time);

        await dispatcher.RunOnceAsync(CancellationToken.None);
        var again = await dispatcher.RunOnceAsync(CancellationToken.None);

        var ids = receiver.Posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("id").GetInt64());
        Assert.Equal([bounced.Id, rejected.Id], ids.Order());
        Assert.Equal(0, again);
    }

    [Fact]
    public async Task Events_from_before_the_webhook_was_added_are_not_sent()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var receiver = new WebhookReceiver();
        var time = new FakeTimeProvider(Start);
        await AppendAsync(instance, EmailEvents.Delivered, time);
        await AddWebhookAsync(instance, receiver.Url, WebhookEvents.DefaultList);
        var later = await AppendAsync(instance, EmailEvents.Delivered, time);
        using var http = new WebhookHttpClient();

        await Dispatcher(instance, http, time).RunOnceAsync(CancellationToken.None);

        var post = Assert.Single(receiver.Posts);
        Assert.Equal(later.Id, JsonDocument.Parse(post.Body).RootElement.GetProperty("id").GetInt64());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_500_is_retried_exactly_at_the_backoff_time_and_each_attempt_is_recorded(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await using var receiver = new WebhookReceiver();
        receiver.Answer(500, 503);
        var time = new FakeTimeProvider(Start);
        await AddWebhookAsync(instance, receiver.Url, WebhookEvents.DefaultList);
        await AppendAsync(instance, EmailEvents.Deferred, time);
        using var http = new WebhookHttpClient();
        var dispatcher = Dispatcher(instance, http, time);

        Assert.Equal(1, await dispatcher.RunOnceAsync(CancellationToken.None));
        var first = await DeliveryAsync(instance);
        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        var early = await dispatcher.RunOnceAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromTicks(1));
        var onTime = await dispatcher.RunOnceAsync(CancellationToken.None);
        var second = await DeliveryAsync(instance);
        time.Advance(TimeSpan.FromMinutes(2));
        var third = await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal((WebhookDeliveryState.Pending, 1, 500), (first.State, first.Attempts, first.LastStatus));
        Assert.Equal(Start + TimeSpan.FromSeconds(30), first.NextAttemptAt);
        Assert.Contains("500", first.LastError);
        Assert.Equal((0, 1, 1), (early, onTime, third));
        Assert.Equal((WebhookDeliveryState.Pending, 2, 503), (second.State, second.Attempts, second.LastStatus));
        Assert.Equal(Start + TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(2), second.NextAttemptAt);
        var done = await DeliveryAsync(instance);
        Assert.Equal((WebhookDeliveryState.Delivered, 3, 200), (done.State, done.Attempts, done.LastStatus));
        Assert.Null(done.LastError);
        Assert.Equal(3, receiver.Posts.Count);
        Assert.Single(receiver.Posts.Select(p => p.Body).Distinct());
    }

    [Fact]
    public async Task A_delivery_that_never_succeeds_is_failed_after_the_last_backoff()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var receiver = new WebhookReceiver();
        receiver.Answer(Enumerable.Repeat(500, WebhookBackoff.MaxAttempts + 1).ToArray());
        var time = new FakeTimeProvider(Start);
        await AddWebhookAsync(instance, receiver.Url, WebhookEvents.DefaultList);
        await AppendAsync(instance, EmailEvents.Bounced, time);
        using var http = new WebhookHttpClient();
        var dispatcher = Dispatcher(instance, http, time);

        for (var attempt = 1; attempt <= WebhookBackoff.MaxAttempts; attempt++)
        {
            Assert.Equal(1, await dispatcher.RunOnceAsync(CancellationToken.None));
            time.Advance(WebhookBackoff.After(attempt) ?? TimeSpan.FromDays(1));
        }
        var after = await dispatcher.RunOnceAsync(CancellationToken.None);

        var delivery = await DeliveryAsync(instance);
        Assert.Equal((WebhookDeliveryState.Failed, 10), (delivery.State, delivery.Attempts));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(0, after);
        Assert.Equal(TimeSpan.FromHours(24), WebhookBackoff.After(9));
    }

    [Fact]
    public async Task An_endpoint_that_refuses_connections_is_recorded_and_retried()
    {
        await using var instance = await TestInstance.CreateAsync();
        var time = new FakeTimeProvider(Start);
        await AddWebhookAsync(instance, $"http://127.0.0.1:{FreePort.Next()}/gone", WebhookEvents.DefaultList);
        await AppendAsync(instance, EmailEvents.Delivered, time);
        using var http = new WebhookHttpClient();

        await Dispatcher(instance, http, time).RunOnceAsync(CancellationToken.None);

        var delivery = await DeliveryAsync(instance);
        Assert.Equal((WebhookDeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        Assert.Null(delivery.LastStatus);
        Assert.False(string.IsNullOrEmpty(delivery.LastError));
        Assert.Equal(Start + TimeSpan.FromSeconds(30), delivery.NextAttemptAt);
    }

    [Fact]
    public async Task A_disabled_webhook_is_not_posted_to()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var receiver = new WebhookReceiver();
        var time = new FakeTimeProvider(Start);
        var (webhook, _) = await AddWebhookAsync(instance, receiver.Url, WebhookEvents.DefaultList);
        await AppendAsync(instance, EmailEvents.Delivered, time);
        using var http = new WebhookHttpClient();
        var dispatcher = Dispatcher(instance, http, time);
        await dispatcher.RunOnceAsync(CancellationToken.None);
        await AppendAsync(instance, EmailEvents.Bounced, time);
        await using (var db = instance.Database.CreateContext())
        {
            await db.Webhooks.Where(w => w.Id == webhook.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.Enabled, false));
        }

        var sent = await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, sent);
        Assert.Single(receiver.Posts);
    }

    [Fact]
    public async Task Finished_deliveries_are_purged_after_the_log_retention()
    {
        await using var instance = await TestInstance.CreateAsync(
            extraSettings: new Dictionary<string, string?> { ["ColdMail:Logs:RetentionDays"] = "2" });
        await using var receiver = new WebhookReceiver();
        var time = new FakeTimeProvider(Start);
        await AddWebhookAsync(instance, receiver.Url, WebhookEvents.DefaultList);
        await AppendAsync(instance, EmailEvents.Delivered, time);
        using var http = new WebhookHttpClient();
        var dispatcher = Dispatcher(instance, http, time);
        await dispatcher.RunOnceAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromDays(2));
        await dispatcher.RunOnceAsync(CancellationToken.None);
        var kept = await DeliveryAsync(instance);
        time.Advance(TimeSpan.FromTicks(1));
        await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal(WebhookDeliveryState.Delivered, kept.State);
        await using var db = instance.Database.CreateContext();
        Assert.Equal(0, await db.WebhookDeliveries.CountAsync());
    }

    [Fact]
    public async Task The_signing_secret_is_stored_encrypted_and_still_signs()
    {
        await using var instance = await TestInstance.CreateAsync();

        var (_, secret) = await AddWebhookAsync(instance, "http://127.0.0.1:9/hook", "delivered");

        await using var db = instance.Database.CreateContext();
        var stored = (await db.Webhooks.SingleAsync()).Secret;
        Assert.DoesNotContain(secret, stored);
        Assert.Equal(secret, instance.Get<WebhookSecretProtector>().Unprotect(stored));
    }

    private static WebhookDispatcher Dispatcher(TestInstance instance, WebhookHttpClient http, TimeProvider time)
        => new(instance.Database, http, instance.Get<WebhookSecretProtector>(),
            instance.Get<IOptions<ColdMailOptions>>(), time, NullLogger<WebhookDispatcher>.Instance);

    private static async Task<(Webhook Webhook, string Secret)> AddWebhookAsync(
        TestInstance instance,
        string url,
        string events)
        => await instance.Get<WebhookService>().AddAsync(
            await instance.WorkspaceAsync(), url, events, CancellationToken.None);

    private static async Task<EmailLogEntry> AppendAsync(
        TestInstance instance,
        string name,
        TimeProvider time,
        Guid? workspaceId = null)
    {
        var entry = new EmailLogEntry
        {
            WorkspaceId = workspaceId ?? (await instance.WorkspaceAsync()).Id,
            At = time.GetUtcNow(),
            Event = name,
            MessageId = Guid.NewGuid(),
            Mailbox = "sales@example.com",
            Recipient = "lead@example.net",
            Code = 250,
            EnhancedCode = "2.0.0",
            Detail = "250 2.0.0 OK queued",
        };
        await using var db = instance.Database.CreateContext();
        db.EmailLog.Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }

    private static async Task<WebhookDelivery> DeliveryAsync(TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        return await db.WebhookDeliveries.AsNoTracking().SingleAsync();
    }
}
