using System.Text;
using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Cli;

public sealed class KeyCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Key_create_json_gives_id_name_mailbox_and_a_well_formed_secret(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);

        var result = await new CliRunner(instance).RunAsync(
            "key", "create", "A@acme.example", "--name", "outreach tool", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(["id", "name", "mailbox", "secret"], json.EnumerateObject().Select(p => p.Name));
        Assert.True(Guid.TryParse(json.GetProperty("id").GetString(), out var id));
        Assert.Equal("outreach tool", json.GetProperty("name").GetString());
        Assert.Equal("a@acme.example", json.GetProperty("mailbox").GetString());
        var secret = json.GetProperty("secret").GetString()!;
        Assert.True(SecretToken.IsWellFormed(secret, SecretToken.AuthKeyPrefix));
        await using var db = instance.Database.CreateContext();
        var stored = await db.AuthKeys.SingleAsync();
        Assert.Equal(id, stored.Id);
        Assert.Equal(SecretToken.Hash(secret), stored.SecretHash);
        Assert.True(stored.IsEnabled);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Key_create_text_prints_the_secret_on_its_own_line_with_a_warning(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);

        var result = await new CliRunner(instance).RunAsync("key", "create", "a@acme.example", "--name", "tool");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Trim().Split('\n');
        var secretLine = Assert.Single(lines, l => l.StartsWith(SecretToken.AuthKeyPrefix, StringComparison.Ordinal));
        Assert.True(SecretToken.IsWellFormed(secretLine, SecretToken.AuthKeyPrefix));
        Assert.Contains(lines, l => l.Contains("will not be shown again", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_secret_is_in_no_column_of_auth_keys_nor_of_the_audit_trail(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var created = await new CliRunner(instance).RunAsync(
            "key", "create", "a@acme.example", "--name", "tool", "--json");
        var secret = JsonDocument.Parse(created.Output).RootElement.GetProperty("secret").GetString()!;
        var body = secret[SecretToken.AuthKeyPrefix.Length..];

        var values = (await instance.RawValuesAsync("auth_keys"))
            .Concat(await instance.RawValuesAsync("audit_entries")).ToList();

        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            var text = value switch
            {
                string s => s,
                byte[] b => Encoding.Latin1.GetString(b),
                _ => value.ToString() ?? "",
            };
            Assert.DoesNotContain(body, text, StringComparison.Ordinal);
            Assert.DoesNotContain(body[..20], text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_key_list_shows_hint_and_state_but_never_the_secret(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var cli = new CliRunner(instance);
        var created = await cli.RunAsync("key", "create", "a@acme.example", "--name", "tool", "--json");
        var secret = JsonDocument.Parse(created.Output).RootElement.GetProperty("secret").GetString()!;
        var id = JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetString()!;

        var json = await cli.RunAsync("key", "list", "a@acme.example", "--json");
        var text = await cli.RunAsync("key", "list", "a@acme.example");

        Assert.Equal(0, json.ExitCode);
        var row = Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray());
        Assert.Equal(id, row.GetProperty("id").GetString());
        Assert.Equal("tool", row.GetProperty("name").GetString());
        Assert.True(row.GetProperty("enabled").GetBoolean());
        Assert.Equal(SecretToken.Hint(secret), row.GetProperty("hint").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("lastUsedFrom").ValueKind);
        Assert.False(row.TryGetProperty("secret", out _));
        var body = secret[SecretToken.AuthKeyPrefix.Length..];
        Assert.DoesNotContain(body, json.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(body, text.Output, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{id}\s+tool\s+yes\s+cmk_\S+…\s+\d{{4}}-", text.Output);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Disabling_one_key_touches_no_other_key_nor_the_mailbox(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var cli = new CliRunner(instance);
        var first = await CreateKeyAsync(cli, "a@acme.example", "first");
        var second = await CreateKeyAsync(cli, "a@acme.example", "second");

        var result = await cli.RunAsync("key", "disable", first.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Key 'first' ({first}) of mailbox 'a@acme.example' is now disabled.", result.Output.Trim());
        await using var db = instance.Database.CreateContext();
        Assert.False((await db.AuthKeys.SingleAsync(k => k.Id == first)).IsEnabled);
        Assert.True((await db.AuthKeys.SingleAsync(k => k.Id == second)).IsEnabled);
        Assert.True((await db.Mailboxes.SingleAsync()).IsActive);
        var audit = (await instance.AuditAsync())[^1];
        Assert.Equal(("key.disable", first.ToString(), "cli:test"), (audit.Action, audit.Target, audit.Actor));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_key_is_found_by_an_unambiguous_prefix_of_its_id(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var cli = new CliRunner(instance);
        var id = await CreateKeyAsync(cli, "a@acme.example", "tool");

        var disabled = await cli.RunAsync("key", "disable", id.ToString("N")[..8], "--json");
        var enabled = await cli.RunAsync("key", "enable", id.ToString("D")[..13].ToUpperInvariant(), "--json");

        Assert.Equal(0, disabled.ExitCode);
        Assert.False(JsonDocument.Parse(disabled.Output).RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, enabled.ExitCode);
        var json = JsonDocument.Parse(enabled.Output).RootElement;
        Assert.True(json.GetProperty("enabled").GetBoolean());
        Assert.True(json.GetProperty("changed").GetBoolean());
        await using var db = instance.Database.CreateContext();
        Assert.True((await db.AuthKeys.SingleAsync()).IsEnabled);
        Assert.Equal(["key.create", "key.disable", "key.enable"],
            (await instance.AuditAsync()).Where(a => a.Action.StartsWith("key.", StringComparison.Ordinal))
                .Select(a => a.Action));
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("not-hex-at-all")]
    [InlineData("")]
    public async Task A_key_id_too_short_or_not_hex_is_refused(string id)
    {
        await using var instance = await ReadyAsync(DatabaseProvider.Sqlite);

        var result = await new CliRunner(instance).RunAsync("key", "disable", id);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a key id", result.Error);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_unknown_key_id_is_a_clear_error_for_every_verb(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var cli = new CliRunner(instance);
        await CreateKeyAsync(cli, "a@acme.example", "tool");
        var unknown = Guid.NewGuid().ToString();

        foreach (var verb in new[] { "disable", "enable", "delete" })
        {
            var result = await cli.RunAsync("key", verb, unknown);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"error: The workspace 'default' has no key '{unknown}'; see 'coldmail key list'.",
                result.Error.Trim());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Deleting_a_key_removes_only_that_key(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var cli = new CliRunner(instance);
        var gone = await CreateKeyAsync(cli, "a@acme.example", "gone");
        var kept = await CreateKeyAsync(cli, "a@acme.example", "kept");

        var result = await cli.RunAsync("key", "delete", gone.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Deleted key 'gone' ({gone}) of mailbox 'a@acme.example'.", result.Output.Trim());
        await using var db = instance.Database.CreateContext();
        Assert.Equal([kept], await db.AuthKeys.Select(k => k.Id).ToListAsync());
        Assert.Equal("key.delete", (await instance.AuditAsync())[^1].Action);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Key_verbs_on_an_unknown_mailbox_or_a_duplicate_name_are_clear_errors(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var cli = new CliRunner(instance);
        await CreateKeyAsync(cli, "a@acme.example", "tool");

        var create = await cli.RunAsync("key", "create", "nobody@acme.example", "--name", "tool");
        var list = await cli.RunAsync("key", "list", "nobody@acme.example");
        var duplicate = await cli.RunAsync("key", "create", "a@acme.example", "--name", "tool");
        var blank = await cli.RunAsync("key", "create", "a@acme.example", "--name", "  ");

        Assert.Contains("has no mailbox 'nobody@acme.example'", create.Error);
        Assert.Contains("has no mailbox 'nobody@acme.example'", list.Error);
        Assert.Equal("error: The mailbox 'a@acme.example' already has a key named 'tool'.", duplicate.Error.Trim());
        Assert.Contains("is not a usable key name", blank.Error);
        Assert.All(new[] { create, list, duplicate, blank }, r => Assert.Equal(1, r.ExitCode));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Another_workspace_can_neither_see_nor_change_a_key(DatabaseProvider provider)
    {
        await using var instance = await ReadyAsync(provider);
        var cli = new CliRunner(instance);
        await cli.RunAsync("workspace", "add", "rival");
        var id = await CreateKeyAsync(cli, "a@acme.example", "tool", "--workspace", "default");

        var list = await cli.RunAsync("--workspace", "rival", "key", "list", "a@acme.example");
        var disable = await cli.RunAsync("--workspace", "rival", "key", "disable", id.ToString());
        var byPrefix = await cli.RunAsync("--workspace", "rival", "key", "disable", id.ToString("N")[..8]);
        var delete = await cli.RunAsync("--workspace", "rival", "key", "delete", id.ToString());
        var create = await cli.RunAsync("--workspace", "rival", "key", "create", "a@acme.example", "--name", "x");

        Assert.Contains("has no mailbox 'a@acme.example'", list.Error);
        Assert.Contains($"has no key '{id}'", disable.Error);
        Assert.Contains("has no key", byPrefix.Error);
        Assert.Contains($"has no key '{id}'", delete.Error);
        Assert.Contains("has no mailbox 'a@acme.example'", create.Error);
        await using var db = instance.Database.CreateContext();
        var key = await db.AuthKeys.SingleAsync();
        Assert.True(key.IsEnabled);
    }

    private static async Task<TestInstance> ReadyAsync(DatabaseProvider provider)
    {
        var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        var added = await new CliRunner(instance).RunAsync("mailbox", "add", "a@acme.example");
        Assert.Equal(0, added.ExitCode);
        return instance;
    }

    private static async Task<Guid> CreateKeyAsync(CliRunner cli, string mailbox, string name, params string[] extra)
    {
        var result = await cli.RunAsync(["key", "create", mailbox, "--name", name, "--json", .. extra]);
        Assert.Equal(0, result.ExitCode);
        return Guid.Parse(JsonDocument.Parse(result.Output).RootElement.GetProperty("id").GetString()!);
    }
}
