using System.Net;
using ColdMail.Configuration;
using ColdMail.Hosting;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdMail.Tests.Logs;

public sealed class UnsubscribeEndpointsTests
{
    private const string Address = "Alice@Example.test";

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Posting_the_link_suppresses_the_recipient_once_and_logs_unsubscribed(
        DatabaseProvider provider)
    {
        await using var server = await Server.StartAsync(provider);
        var (messageId, recipientId) = await server.SeedAsync();
        var path = server.Path(messageId, recipientId);

        var first = await server.Http.PostAsync(path, OneClick());
        var second = await server.Http.PostAsync(path, OneClick());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await using var db = server.Instance.Database.CreateContext();
        var suppression = await db.Suppressions.SingleAsync();
        Assert.Equal(("alice@example.test", UnsubscribeEndpoints.Reason), (suppression.Address, suppression.Reason));
        var entry = await db.EmailLog.SingleAsync(e => e.Event == EmailEvents.Unsubscribed);
        Assert.Equal((messageId, Address), (entry.MessageId, entry.Recipient));
    }

    [Fact]
    public async Task Getting_the_link_shows_a_confirm_form_and_suppresses_nobody()
    {
        await using var server = await Server.StartAsync(DatabaseProvider.Sqlite);
        var (messageId, recipientId) = await server.SeedAsync();

        var page = await server.Http.GetAsync(server.Path(messageId, recipientId));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync());
        await using var db = server.Instance.Database.CreateContext();
        Assert.False(await db.Suppressions.AnyAsync());
        Assert.False(await db.EmailLog.AnyAsync(e => e.Event == EmailEvents.Unsubscribed));
    }

    [Fact]
    public async Task A_forged_or_borrowed_token_is_404_and_suppresses_nobody()
    {
        await using var server = await Server.StartAsync(DatabaseProvider.Sqlite);
        var (messageId, recipientId) = await server.SeedAsync();
        var token = server.Path(messageId, recipientId).Split('/')[^1];
        var flipped = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        var forged = await server.Http.PostAsync($"/u/{messageId:N}/{recipientId}/{flipped}", OneClick());
        var borrowed = await server.Http.PostAsync($"/u/{messageId:N}/{recipientId + 1}/{token}", OneClick());
        var garbage = await server.Http.PostAsync($"/u/{messageId:N}/{recipientId}/x", OneClick());
        var forgedPage = await server.Http.GetAsync($"/u/{messageId:N}/{recipientId}/{flipped}");

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, borrowed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forgedPage.StatusCode);
        await using var db = server.Instance.Database.CreateContext();
        Assert.False(await db.Suppressions.AnyAsync());
    }

    private static FormUrlEncodedContent OneClick()
        => new([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);

    private sealed class Server : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private WebApplication _app = null!;
        private Task _running = Task.CompletedTask;

        public TestInstance Instance { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public static async Task<Server> StartAsync(DatabaseProvider provider)
        {
            var server = new Server();
            server.Instance = await TestInstance.CreateAsync(provider);
            var port = FreePort.Next();
            var settings = new Dictionary<string, string?>(server.Instance.Settings)
            {
                ["ColdMail:Http:Urls"] = $"http://127.0.0.1:{port}",
                ["ColdMail:Http:PublicUrl"] = "https://mail.sender.test",
                ["ColdMail:Smtp:StartTlsPort"] = "0",
                ["ColdMail:Smtp:ImplicitTlsPort"] = "0",
                ["ColdMail:Smtp:ListenAddress"] = "127.0.0.1",
            };
            server._app = ServeHost.Build(null, [], settings);
            server._running = ServeHost.RunAsync(server._app, server._stop.Token);
            server.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await server.WaitUntilListeningAsync();
            return server;
        }

        public string Path(Guid messageId, long recipientId)
        {
            var link = _app.Services.GetRequiredService<UnsubscribeLinks>().Create(messageId, recipientId);
            return new Uri(link).AbsolutePath;
        }

        public async Task<(Guid, long)> SeedAsync()
        {
            var domain = await Instance.AddDomainAsync("sender.test");
            var now = DateTimeOffset.UtcNow;
            var recipient = new MessageRecipient
            {
                Address = Address,
                Domain = "example.test",
                State = RecipientState.Delivered,
                NextAttemptAt = now,
                UpdatedAt = now,
            };
            var message = new Message
            {
                Id = Guid.CreateVersion7(),
                WorkspaceId = domain.WorkspaceId,
                DomainId = domain.Id,
                MailboxId = Guid.NewGuid(),
                MailFrom = "sales@sender.test",
                HeaderMessageId = "m1@sender.test",
                Size = 10,
                ReceivedAt = now,
                Recipients = [recipient],
            };
            await using var db = Instance.Database.CreateContext();
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return (message.Id, recipient.Id);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            await _app.DisposeAsync();
            Http.Dispose();
            _stop.Dispose();
            await Instance.DisposeAsync();
        }

        private async Task WaitUntilListeningAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                try
                {
                    (await Http.GetAsync("/healthz")).EnsureSuccessStatusCode();
                    return;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Yield();
                }
            }
        }
    }
}
