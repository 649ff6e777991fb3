using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Cli;

public sealed class MailboxCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_added_under_a_verified_domain_is_active_and_stored_in_lower_case(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var domain = await instance.AddDomainAsync("acme.example");
        var cli = new CliRunner(instance);

        var added = await cli.RunAsync("mailbox", "add", "Sales.Team@ACME.example", "--name", "Sales Team", "--json");

        Assert.Equal(0, added.ExitCode);
        var json = JsonDocument.Parse(added.Output).RootElement;
        Assert.Equal("sales.team@acme.example", json.GetProperty("address").GetString());
        Assert.Equal("Sales Team", json.GetProperty("name").GetString());
        await using var db = instance.Database.CreateContext();
        var stored = await db.Mailboxes.SingleAsync();
        Assert.Equal("sales.team@acme.example", stored.Address);
        Assert.Equal(domain.Id, stored.DomainId);
        Assert.True(stored.IsActive);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_can_be_added_while_its_domain_is_failing_verification(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example", DomainVerificationState.Failing);

        var added = await new CliRunner(instance).RunAsync("mailbox", "add", "a@acme.example");

        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Added mailbox 'a@acme.example'", added.Output);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_under_an_unverified_domain_is_refused_with_the_verify_command(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example", DomainVerificationState.Pending);

        var result = await new CliRunner(instance).RunAsync("mailbox", "add", "a@acme.example");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'acme.example' is not verified", result.Error);
        Assert.Contains("coldmail domain verify acme.example", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        await using var db = instance.Database.CreateContext();
        Assert.False(await db.Mailboxes.AnyAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_under_an_unknown_domain_is_refused(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");

        var result = await new CliRunner(instance).RunAsync("mailbox", "add", "a@other.example");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: The workspace 'default' has no domain 'other.example'; add it with 'coldmail domain add'.",
            result.Error.Trim());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Adding_the_same_mailbox_twice_is_one_clear_error(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        var cli = new CliRunner(instance);

        await cli.RunAsync("mailbox", "add", "a@acme.example");
        var second = await cli.RunAsync("mailbox", "add", "A@acme.example");

        Assert.Equal(1, second.ExitCode);
        Assert.Equal("error: The mailbox 'a@acme.example' already exists.", second.Error.Trim());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_under_an_internationalised_domain_is_stored_in_ascii(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("xn--bcher-kva.example");

        var result = await new CliRunner(instance).RunAsync("mailbox", "add", "info@Bücher.example", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("info@xn--bcher-kva.example",
            JsonDocument.Parse(result.Output).RootElement.GetProperty("address").GetString());
    }

    [Theory]
    [InlineData("no-at-sign.example")]
    [InlineData("a@b@acme.example")]
    [InlineData(".a@acme.example")]
    [InlineData("a.@acme.example")]
    [InlineData("a..b@acme.example")]
    [InlineData("\"quoted\"@acme.example")]
    [InlineData("a b@acme.example")]
    [InlineData("a@[192.0.2.1]")]
    public async Task A_malformed_address_is_refused_without_a_stack_trace(string address)
    {
        await using var instance = await TestInstance.CreateAsync();
        await instance.AddDomainAsync("acme.example");

        var result = await new CliRunner(instance).RunAsync("mailbox", "add", address);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: '{address}' is not a valid address", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task A_display_name_with_a_line_break_is_refused()
    {
        await using var instance = await TestInstance.CreateAsync();
        await instance.AddDomainAsync("acme.example");

        var result = await new CliRunner(instance).RunAsync(
            "mailbox", "add", "a@acme.example", "--name", "Sales\r\nBcc: victim@example.org");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a usable display name", result.Error);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_list_shows_each_mailbox_with_its_state_cap_and_key_count(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        await instance.AddDomainAsync("beta.example");
        var cli = new CliRunner(instance);
        await cli.RunAsync("mailbox", "add", "a@acme.example", "--name", "Alice");
        await cli.RunAsync("mailbox", "add", "b@beta.example");
        await cli.RunAsync("key", "create", "a@acme.example", "--name", "tool-1");
        await cli.RunAsync("key", "create", "a@acme.example", "--name", "tool-2");
        await cli.RunAsync("mailbox", "deactivate", "b@beta.example");

        var json = await cli.RunAsync("mailbox", "list", "--json");
        var text = await cli.RunAsync("mailbox", "list");

        Assert.Equal(0, json.ExitCode);
        var rows = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["a@acme.example", "b@beta.example"], rows.Select(r => r.GetProperty("address").GetString()));
        Assert.Equal("Alice", rows[0].GetProperty("name").GetString());
        Assert.Equal(2, rows[0].GetProperty("keys").GetInt32());
        Assert.True(rows[0].GetProperty("active").GetBoolean());
        Assert.False(rows[1].GetProperty("active").GetBoolean());
        Assert.False(rows[0].GetProperty("paused").GetBoolean());
        Assert.Equal(200, rows[0].GetProperty("dailyCap").GetInt32());
        Assert.True(rows[0].TryGetProperty("createdAt", out _));
        var lines = text.Output.Trim().Split('\n');
        Assert.StartsWith("ADDRESS", lines[0]);
        Assert.Matches(@"^a@acme\.example\s+Alice\s+yes\s+no\s+200 \(domain\)\s+2\s+\d{4}-", lines[1]);
        Assert.Matches(@"^b@beta\.example\s+-\s+no\s+no", lines[2]);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_list_can_be_narrowed_to_one_domain(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        await instance.AddDomainAsync("beta.example");
        var cli = new CliRunner(instance);
        await cli.RunAsync("mailbox", "add", "a@acme.example");
        await cli.RunAsync("mailbox", "add", "b@beta.example");

        var result = await cli.RunAsync("mailbox", "list", "--domain", "BETA.example", "--json");
        var unknown = await cli.RunAsync("mailbox", "list", "--domain", "gamma.example");

        Assert.Equal(["b@beta.example"], JsonDocument.Parse(result.Output).RootElement.EnumerateArray()
            .Select(r => r.GetProperty("address").GetString()));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("has no domain 'gamma.example'", unknown.Error);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Deactivating_and_activating_switch_the_mailbox_and_are_audited(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        var cli = new CliRunner(instance);
        await cli.RunAsync("mailbox", "add", "a@acme.example");

        var off = await cli.RunAsync("mailbox", "deactivate", "a@acme.example");
        bool afterOff;
        await using (var db = instance.Database.CreateContext())
        {
            afterOff = (await db.Mailboxes.SingleAsync()).IsActive;
        }
        var again = await cli.RunAsync("mailbox", "deactivate", "a@acme.example");
        var on = await cli.RunAsync("mailbox", "activate", "a@acme.example", "--json");

        Assert.Equal("Mailbox 'a@acme.example' is now inactive.", off.Output.Trim());
        Assert.False(afterOff);
        Assert.Equal("Mailbox 'a@acme.example' was already inactive.", again.Output.Trim());
        var json = JsonDocument.Parse(on.Output).RootElement;
        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.True(json.GetProperty("changed").GetBoolean());
        var audit = await instance.AuditAsync();
        Assert.Equal(["mailbox.add", "mailbox.deactivate", "mailbox.activate"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("cli:test", a.Actor));
        Assert.All(audit, a => Assert.Equal("a@acme.example", a.Target));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Removing_a_mailbox_removes_its_keys_and_nothing_else(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        var cli = new CliRunner(instance);
        await cli.RunAsync("mailbox", "add", "a@acme.example");
        await cli.RunAsync("mailbox", "add", "b@acme.example");
        await cli.RunAsync("key", "create", "a@acme.example", "--name", "one");
        await cli.RunAsync("key", "create", "a@acme.example", "--name", "two");
        await cli.RunAsync("key", "create", "b@acme.example", "--name", "kept");

        var result = await cli.RunAsync("mailbox", "remove", "a@acme.example");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Removed mailbox 'a@acme.example' and its 2 key(s).", result.Output.Trim());
        await using var db = instance.Database.CreateContext();
        Assert.Equal(["b@acme.example"], await db.Mailboxes.Select(m => m.Address).ToListAsync());
        Assert.Equal(["kept"], await db.AuthKeys.Select(k => k.Name).ToListAsync());
        Assert.Equal("mailbox.remove", (await instance.AuditAsync())[^1].Action);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Verbs_on_an_unknown_mailbox_are_clear_errors(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        var cli = new CliRunner(instance);

        foreach (var verb in new[] { "activate", "deactivate", "remove" })
        {
            var result = await cli.RunAsync("mailbox", verb, "nobody@acme.example");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("error: The workspace 'default' has no mailbox 'nobody@acme.example'; " +
                "see 'coldmail mailbox list'.", result.Error.Trim());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Another_workspace_can_neither_see_nor_change_a_mailbox(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await instance.AddDomainAsync("acme.example");
        var cli = new CliRunner(instance);
        await cli.RunAsync("workspace", "add", "rival");
        await cli.RunAsync("--workspace", "default", "mailbox", "add", "a@acme.example");

        var list = await cli.RunAsync("--workspace", "rival", "mailbox", "list", "--json");
        var deactivate = await cli.RunAsync("--workspace", "rival", "mailbox", "deactivate", "a@acme.example");
        var remove = await cli.RunAsync("--workspace", "rival", "mailbox", "remove", "a@acme.example");
        var add = await cli.RunAsync("--workspace", "rival", "mailbox", "add", "b@acme.example");

        Assert.Empty(JsonDocument.Parse(list.Output).RootElement.EnumerateArray());
        Assert.Contains("has no mailbox 'a@acme.example'", deactivate.Error);
        Assert.Contains("has no mailbox 'a@acme.example'", remove.Error);
        Assert.Contains("has no domain 'acme.example'", add.Error);
        await using var db = instance.Database.CreateContext();
        Assert.True((await db.Mailboxes.SingleAsync()).IsActive);
    }
}
