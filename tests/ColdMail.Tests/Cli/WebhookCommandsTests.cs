using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Logs.Webhooks;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Cli;

public sealed class WebhookCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_webhook_is_added_listed_without_its_secret_and_removed(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);

        var added = await cli.RunAsync("webhook", "add", "https://hooks.example.com/coldmail",
            "--events", "Bounced, delivered,bounced", "--json");
        var json = JsonDocument.Parse(added.Output).RootElement;
        var id = json.GetProperty("id").GetString()!;
        var secret = json.GetProperty("secret").GetString()!;
        var listed = await cli.RunAsync("webhook", "list", "--json");
        var removed = await cli.RunAsync("webhook", "remove", id);
        var afterwards = await cli.RunAsync("webhook", "list", "--json");

        Assert.Equal(0, added.ExitCode);
        Assert.True(SecretToken.IsWellFormed(secret, WebhookService.SecretPrefix));
        Assert.Equal(["delivered", "bounced"],
            json.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, listed.ExitCode);
        var row = Assert.Single(JsonDocument.Parse(listed.Output).RootElement.EnumerateArray());
        Assert.Equal(id, row.GetProperty("id").GetString());
        Assert.Equal("https://hooks.example.com/coldmail", row.GetProperty("url").GetString());
        Assert.True(row.GetProperty("enabled").GetBoolean());
        Assert.DoesNotContain(secret, listed.Output);
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal($"Removed webhook {id}.", removed.Output.Trim());
        Assert.Empty(JsonDocument.Parse(afterwards.Output).RootElement.EnumerateArray());
        await using var db = instance.Database.CreateContext();
        Assert.Equal(0, await db.Webhooks.CountAsync());
    }

    [Fact]
    public async Task Webhook_add_text_prints_the_secret_once_on_its_own_line()
    {
        await using var instance = await TestInstance.CreateAsync();
        var cli = new CliRunner(instance);

        var result = await cli.RunAsync("webhook", "add", "http://127.0.0.1:8080/hook");
        var listed = await cli.RunAsync("webhook", "list");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Trim().Split('\n');
        Assert.Contains("delivered,bounced,deferred,rejected", lines[0]);
        Assert.True(SecretToken.IsWellFormed(lines[1].Trim(), WebhookService.SecretPrefix));
        Assert.Contains("will not be shown again", lines[2]);
        Assert.Contains("http://127.0.0.1:8080/hook", listed.Output);
        Assert.DoesNotContain(lines[1].Trim(), listed.Output);
    }

    [Theory]
    [InlineData("http://hooks.example.com/x", "must use https://")]
    [InlineData("ftp://hooks.example.com/x", "must use https://")]
    [InlineData("hooks.example.com/x", "is not an absolute URL")]
    [InlineData("https://user:pw@hooks.example.com/x", "may not carry a user name or password")]
    public async Task A_url_that_is_not_https_or_loopback_is_refused(string url, string message)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunAsync("webhook", "add", url);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error.Trim());
        Assert.Contains(message, result.Error);
        await using var db = instance.Database.CreateContext();
        Assert.Equal(0, await db.Webhooks.CountAsync());
    }

    [Fact]
    public async Task An_unknown_event_or_an_unknown_id_is_refused()
    {
        await using var instance = await TestInstance.CreateAsync();
        var cli = new CliRunner(instance);

        var badEvent = await cli.RunAsync("webhook", "add", "https://h.example.com/", "--events", "opened");
        var noEvents = await cli.RunAsync("webhook", "add", "https://h.example.com/", "--events", ",");
        var badId = await cli.RunAsync("webhook", "remove", "not-an-id");
        var unknown = Guid.NewGuid();
        var missing = await cli.RunAsync("webhook", "remove", unknown.ToString());

        Assert.Equal((1, 1, 1, 1), (badEvent.ExitCode, noEvents.ExitCode, badId.ExitCode, missing.ExitCode));
        Assert.Equal("error: 'opened' is not a webhook event; use any of delivered, bounced, deferred, rejected.",
            badEvent.Error.Trim());
        Assert.Contains("Name at least one event", noEvents.Error);
        Assert.Equal("error: 'not-an-id' is not a webhook id.", badId.Error.Trim());
        Assert.Equal($"error: The workspace 'default' has no webhook '{unknown}'.", missing.Error.Trim());
    }
}
