using System.Text;
using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Cli;

public sealed class TokenCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_token_is_shown_once_and_stored_only_as_a_hash(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);

        var result = await new CliRunner(instance).RunAsync(
            "token", "create", "--name", "crm sync", "--role", "Sender", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("crm sync", json.GetProperty("name").GetString());
        Assert.Equal("sender", json.GetProperty("role").GetString());
        var secret = json.GetProperty("secret").GetString()!;
        Assert.True(SecretToken.IsWellFormed(secret, SecretToken.ApiTokenPrefix));
        await using var db = instance.Database.CreateContext();
        var token = await db.ApiTokens.SingleAsync();
        Assert.Equal((await instance.WorkspaceAsync()).Id, token.WorkspaceId);
        Assert.Equal(Role.Sender, token.Role);
        Assert.Equal(SecretToken.Hash(secret), token.SecretHash);
        var body = secret[SecretToken.ApiTokenPrefix.Length..];
        foreach (var value in (await instance.RawValuesAsync("api_tokens"))
            .Concat(await instance.RawValuesAsync("audit_entries")))
        {
            var text = value is byte[] bytes ? Encoding.Latin1.GetString(bytes) : value.ToString() ?? "";
            Assert.DoesNotContain(body, text, StringComparison.Ordinal);
        }
        var audit = Assert.Single(await instance.AuditAsync());
        Assert.Equal(("token.create", "cli:test"), (audit.Action, audit.Actor));
    }

    [Fact]
    public async Task Token_create_text_prints_the_secret_on_its_own_line()
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunAsync("token", "create", "--name", "ci", "--role", "viewer");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Trim().Split('\n');
        Assert.True(SecretToken.IsWellFormed(lines[1], SecretToken.ApiTokenPrefix));
        Assert.Contains("will not be shown again", lines[2]);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_wrong_role_or_a_duplicate_name_is_refused(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);

        var wrong = await cli.RunAsync("token", "create", "--name", "ci", "--role", "root");
        var first = await cli.RunAsync("token", "create", "--name", "ci", "--role", "viewer");
        var duplicate = await cli.RunAsync("token", "create", "--name", "ci", "--role", "viewer");

        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal("error: 'root' is not a role; use one of owner, admin, sender, viewer.", wrong.Error.Trim());
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Equal("error: The workspace 'default' already has a token named 'ci'.", duplicate.Error.Trim());
        await using var db = instance.Database.CreateContext();
        Assert.Equal(1, await db.ApiTokens.CountAsync());
    }
}
