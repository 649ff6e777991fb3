using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Cryptography;

namespace ColdMail.Tests.Delivery;

public sealed class UnsubscribeHeaderTests
{
    private const string PublicUrl = "https://mail.sender.test";

    [Fact]
    public async Task Each_recipient_gets_its_own_signed_one_click_link_in_its_own_transaction()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await CreateAsync(mx, enabled: true);

        var id = await harness.EnqueueAsync("alice@example.test", "bob@example.test");
        await harness.RunOnceAsync();

        var recipients = await harness.RecipientsAsync(id);
        Assert.Equal(2, mx.Messages.Count);
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(harness.Dns.Endpoint));
        var links = harness.Get<UnsubscribeLinks>();
        foreach (var received in mx.Messages)
        {
            var recipient = recipients.Single(r => r.Address == Assert.Single(received.Recipients));
            var message = MimeMessage.Load(new MemoryStream(received.Data));
            var link = Assert.Single(message.Headers, h => h.Id == HeaderId.ListUnsubscribe).Value.Trim();
            var prefix = $"<{PublicUrl}/u/{id:N}/{recipient.Id}/";
            Assert.StartsWith(prefix, link);
            Assert.True(links.Verify(id, recipient.Id, link[prefix.Length..^1]));
            Assert.Equal("List-Unsubscribe=One-Click",
                Assert.Single(message.Headers, h => h.Field == "List-Unsubscribe-Post").Value.Trim());
            var signature = message.Headers.First(h => h.Id == HeaderId.DkimSignature);
            var signed = SignedHeaders(signature);
            Assert.Contains("list-unsubscribe", signed);
            Assert.Contains("list-unsubscribe-post", signed);
            Assert.True(await verifier.VerifyAsync(message, signature));
        }
    }

    [Fact]
    public async Task Split_transactions_keep_each_recipients_own_outcome()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await CreateAsync(mx, enabled: true);
        mx.ScriptRcpt("alice@example.test", "550 5.1.1 No such user");

        var id = await harness.EnqueueAsync("alice@example.test", "bob@example.test");
        await harness.RunOnceAsync();

        var received = Assert.Single(mx.Messages);
        Assert.Equal(["bob@example.test"], received.Recipients);
        var states = (await harness.RecipientsAsync(id)).ToDictionary(r => r.Address, r => r.State);
        Assert.Equal(RecipientState.Bounced, states["alice@example.test"]);
        Assert.Equal(RecipientState.Delivered, states["bob@example.test"]);
    }

    [Fact]
    public async Task A_domain_without_one_click_keeps_the_submitters_header_and_one_transaction()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await CreateAsync(mx, enabled: false);

        await harness.EnqueueAsync("alice@example.test", "bob@example.test");
        await harness.RunOnceAsync();

        var received = Assert.Single(mx.Messages);
        var message = MimeMessage.Load(new MemoryStream(received.Data));
        Assert.Equal("<mailto:unsubscribe@sender.test?subject=stop>",
            message.Headers[HeaderId.ListUnsubscribe]?.Trim());
    }

    private static string[] SignedHeaders(Header signature)
    {
        var tags = string.Concat(signature.Value.Where(c => !char.IsWhiteSpace(c))).Split(';');
        return tags.Single(t => t.StartsWith("h=", StringComparison.Ordinal))[2..].ToLowerInvariant().Split(':');
    }

    private static async Task<DeliveryHarness> CreateAsync(TestSmtpServer mx, bool enabled)
    {
        var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port,
            settings: new Dictionary<string, string?> { ["ColdMail:Http:PublicUrl"] = PublicUrl });
        harness.RouteTo("example.test", mx);
        await using var db = harness.Instance.Database.CreateContext();
        await db.Domains.Where(d => d.Id == harness.DomainId)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.OneClickUnsubscribe, enabled));
        return harness;
    }
}
