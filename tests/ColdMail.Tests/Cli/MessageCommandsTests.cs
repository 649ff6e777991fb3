using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Cli;

public sealed class MessageCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Message_show_json_gives_the_envelope_recipients_and_the_timeline_oldest_first(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var (message, now) = await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("message", "show", message.ToString("N"), "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(message.ToString("N"), json.GetProperty("id").GetString());
        Assert.Equal("a@acme.example", json.GetProperty("from").GetString());
        Assert.Equal(2048, json.GetProperty("size").GetInt64());
        Assert.Equal(now.AddMinutes(-10).ToUnixTimeSeconds(),
            json.GetProperty("receivedAt").GetDateTimeOffset().ToUnixTimeSeconds());
        var recipients = json.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(["bob@dest.example", "carol@dest.example"],
            recipients.Select(r => r.GetProperty("address").GetString()));
        Assert.Equal(["delivered", "deferred"], recipients.Select(r => r.GetProperty("state").GetString()));
        Assert.Equal(451, recipients[1].GetProperty("lastCode").GetInt32());
        Assert.Equal("try later", recipients[1].GetProperty("lastText").GetString());
        var timeline = json.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["received", "queued", "delivered", "deferred"],
            timeline.Select(e => e.GetProperty("event").GetString()));
        Assert.All(timeline, e => Assert.Equal(message.ToString("N"), e.GetProperty("messageId").GetString()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Message_show_text_lists_recipients_and_the_timeline_in_order(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var (message, _) = await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("message", "show", message.ToString("D"));

        Assert.Equal(0, result.ExitCode);
        var output = result.Output;
        Assert.Contains($"Message   {message:N}", output);
        Assert.Contains("From      a@acme.example", output);
        Assert.Contains("Size      2048 bytes", output);
        Assert.Matches(@"(?m)^carol@dest\.example\s+deferred\s+1\s+451 4\.4\.1\s+try later$", output);
        var order = new[] { "received", "queued", "delivered", "deferred" }
            .Select(e => output.IndexOf("Z  " + e, StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.Order(), order);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_unknown_or_foreign_message_is_not_found(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var (message, _) = await SeedAsync(instance);
        var cli = new CliRunner(instance);
        await cli.RunAsync("workspace", "add", "rival");
        var unknown = Guid.CreateVersion7();

        var missing = await cli.RunAsync("--workspace", "default", "message", "show", unknown.ToString("N"));
        var foreign = await cli.RunAsync("--workspace", "rival", "message", "show", message.ToString("N"));
        var malformed = await cli.RunAsync("--workspace", "default", "message", "show", "xyz");

        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"error: The workspace 'default' has no message {unknown:N}; it may have been purged.",
            missing.Error.Trim());
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains($"has no message {message:N}", foreign.Error);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("'xyz' is not a message id", malformed.Error);
    }

    /// <summary>A message to two recipients; its log entries are written out of time order on purpose.</summary>
    private static async Task<(Guid Message, DateTimeOffset Now)> SeedAsync(TestInstance instance)
    {
        var now = DateTimeOffset.UtcNow;
        var workspace = await instance.WorkspaceAsync();
        var domain = await instance.AddDomainAsync("acme.example");
        var id = Guid.CreateVersion7();
        await using (var db = instance.Database.CreateContext())
        {
            db.Messages.Add(new Message
            {
                Id = id,
                WorkspaceId = workspace.Id,
                DomainId = domain.Id,
                MailboxId = Guid.CreateVersion7(),
                MailFrom = "a@acme.example",
                Size = 2048,
                ReceivedAt = now.AddMinutes(-10),
                Recipients =
                [
                    new MessageRecipient
                    {
                        Address = "bob@dest.example",
                        Domain = "dest.example",
                        State = RecipientState.Delivered,
                        Attempts = 1,
                        LastCode = 250,
                        UpdatedAt = now,
                        NextAttemptAt = now,
                    },
                    new MessageRecipient
                    {
                        Address = "carol@dest.example",
                        Domain = "dest.example",
                        State = RecipientState.Deferred,
                        Attempts = 1,
                        LastCode = 451,
                        LastEnhancedCode = "4.4.1",
                        LastText = "try later",
                        UpdatedAt = now,
                        NextAttemptAt = now.AddMinutes(5),
                    },
                ],
            });
            await db.SaveChangesAsync();
        }

        await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "deferred", now.AddMinutes(-7),
            "a@acme.example", "carol@dest.example", domain.Id, id, 451, "4.4.1", "try later"));
        await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "received", now.AddMinutes(-10),
            "a@acme.example", null, domain.Id, id));
        await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "delivered", now.AddMinutes(-8),
            "a@acme.example", "bob@dest.example", domain.Id, id, 250));
        await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "queued", now.AddMinutes(-10).AddSeconds(1),
            "a@acme.example", null, domain.Id, id));
        await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "delivered", now,
            "a@acme.example", "someone@else.example", domain.Id, Guid.CreateVersion7(), 250));
        return (id, now);
    }
}
