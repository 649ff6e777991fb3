using ColdMail.Storage.Entities;
using MailKit.Net.Smtp;
using MimeKit;

namespace ColdMail.Tests.EndToEnd;

/// <summary>Each policy refusal as a client sees it over the wire: the exact code and what to do.</summary>
public sealed class RefusalTests
{
    [Fact]
    public async Task A_key_disabled_mid_session_is_refused_at_the_next_MAIL_and_the_session_stays_open()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        using var client = await server.ConnectAsync(sender);
        await client.SendAsync(EndToEndServer.NewMessage(sender.Address, "one@example.org"));

        await server.RunAsync("key", "disable", sender.KeyId);
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            client.SendAsync(EndToEndServer.NewMessage(sender.Address, "two@example.org")));
        await client.NoOpAsync();

        Assert.Equal(SmtpErrorCode.SenderNotAccepted, refused.ErrorCode);
        AssertReply(refused, 550, "5.7.8", "auth key this session logged in with was disabled");
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task A_paused_domain_is_refused_for_now_with_the_reason()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        await server.RunAsync("domain", "pause", "acme.example", "--reason", "bounce review");
        using var client = await server.ConnectAsync(sender);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            client.SendAsync(EndToEndServer.NewMessage(sender.Address, "one@example.org")));

        AssertReply(refused, 451, "4.7.1", "acme.example is paused (bounce review)");
    }

    [Fact]
    public async Task A_MAIL_FROM_other_than_the_mailbox_is_refused()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        using var client = await server.ConnectAsync(sender);
        var message = EndToEndServer.NewMessage(sender.Address, "one@example.org");

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(
            message, MailboxAddress.Parse("ceo@acme.example"), [MailboxAddress.Parse("one@example.org")]));

        Assert.Equal(SmtpErrorCode.SenderNotAccepted, refused.ErrorCode);
        AssertReply(refused, 553, "5.7.1", $"MAIL FROM must be <{sender.Address}>");
    }

    [Fact]
    public async Task A_header_From_other_than_the_mailbox_is_refused_after_DATA()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        using var client = await server.ConnectAsync(sender);
        var message = EndToEndServer.NewMessage("ceo@acme.example", "one@example.org");

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(
            message, MailboxAddress.Parse(sender.Address), [MailboxAddress.Parse("one@example.org")]));

        Assert.Equal(SmtpErrorCode.MessageNotAccepted, refused.ErrorCode);
        AssertReply(refused, 550, "5.7.1", $"Header From must be <{sender.Address}>");
        Assert.Equal(0, await server.QueryAsync(db => Task.FromResult(db.Messages.Count())));
    }

    [Fact]
    public async Task A_reached_daily_limit_is_refused_for_now_naming_the_reset_time()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        await server.RunAsync("domain", "limits", "acme.example", "--daily", "1");
        using var client = await server.ConnectAsync(sender);
        await client.SendAsync(EndToEndServer.NewMessage(sender.Address, "one@example.org"));

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            client.SendAsync(EndToEndServer.NewMessage(sender.Address, "two@example.org")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        AssertReply(refused, 451, "4.7.1", "limit of 1 message for acme.example reached; resets at 00:00 UTC");
    }

    [Fact]
    public async Task A_suppressed_recipient_is_refused_with_the_reason()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        await server.QueryAsync(async db =>
        {
            var workspace = db.Workspaces.Single();
            db.Suppressions.Add(new Suppression
            {
                WorkspaceId = workspace.Id,
                Address = "gone@example.org",
                Reason = "hard-bounce",
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        using var client = await server.ConnectAsync(sender);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            client.SendAsync(EndToEndServer.NewMessage(sender.Address, "Gone@example.org")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        AssertReply(refused, 550, "5.7.1", "<Gone@example.org> is on this workspace's suppression list");
    }

    private static void AssertReply(SmtpCommandException refused, int code, string enhanced, string text)
    {
        Assert.Equal(code, (int)refused.StatusCode);
        Assert.StartsWith(enhanced + " ", refused.Message);
        Assert.Contains(text, refused.Message);
    }
}
