using System.Globalization;
using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using static System.StringComparison;

namespace ColdMail.Tests.Cli;

public sealed class LogCommandsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Logs_json_lists_entries_newest_first_with_the_documented_fields(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var seeded = await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("logs", "--json");

        Assert.Equal(0, result.ExitCode);
        var rows = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["deferred", "auth.failed", "delivered", "queued", "other", "received"],
            rows.Select(r => r.GetProperty("event").GetString()));
        var delivered = rows[2];
        Assert.Equal(["at", "event", "messageId", "mailbox", "recipient", "code", "detail"],
            delivered.EnumerateObject().Select(p => p.Name));
        Assert.Equal(seeded.MessageId.ToString("N"), delivered.GetProperty("messageId").GetString());
        Assert.Equal("a@acme.example", delivered.GetProperty("mailbox").GetString());
        Assert.Equal("bob@dest.example", delivered.GetProperty("recipient").GetString());
        Assert.Equal(250, delivered.GetProperty("code").GetInt32());
        Assert.Equal("2.0.0 ok", delivered.GetProperty("detail").GetString());
        Assert.Equal(seeded.Now.AddMinutes(-20).ToUnixTimeSeconds(),
            delivered.GetProperty("at").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("messageId").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("code").ValueKind);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Logs_text_prints_aligned_columns_under_a_header(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var seeded = await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("logs", "--event", "delivered");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^AT\s+EVENT\s+MESSAGE\s+MAILBOX\s+RECIPIENT\s+CODE\s+DETAIL$", lines[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z\s+delivered\s+" + seeded.MessageId.ToString("N") +
            @"\s+a@acme\.example\s+bob@dest\.example\s+250 2\.0\.0\s+2\.0\.0 ok$", lines[1]);
        Assert.Equal(lines[0].IndexOf("EVENT", Ordinal), lines[1].IndexOf("delivered", Ordinal));
        Assert.Equal(lines[0].IndexOf("RECIPIENT", Ordinal), lines[1].IndexOf("bob@", Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Each_filter_keeps_only_matching_entries(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var seeded = await SeedAsync(instance);
        var cli = new CliRunner(instance);

        Assert.Equal(["deferred", "auth.failed", "delivered", "queued", "received"],
            await EventsAsync(cli, "--domain", "ACME.example"));
        Assert.Equal(["other"], await EventsAsync(cli, "--domain", "beta.example"));
        Assert.Equal(["deferred", "auth.failed"], await EventsAsync(cli, "--mailbox", "B@acme.example"));
        Assert.Equal(["delivered", "queued", "received"], await EventsAsync(cli, "--recipient", "BOB@dest.example"));
        Assert.Equal(["queued"], await EventsAsync(cli, "--event", "queued"));
        Assert.Equal(["delivered", "queued"], await EventsAsync(cli, "--message", seeded.MessageId.ToString()));
        Assert.Equal(["deferred"], await EventsAsync(cli, "--code", "451"));
        Assert.Equal(["deferred", "auth.failed"], await EventsAsync(cli, "--since", "10m"));
        Assert.Equal(["other", "received"], await EventsAsync(cli, "--until", "1h"));
        Assert.Equal(["delivered"], await EventsAsync(cli, "--event", "delivered", "--mailbox", "a@acme.example",
            "--since", "2h"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Since_and_until_accept_iso_8601_moments(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var seeded = await SeedAsync(instance);
        var since = seeded.Now.AddMinutes(-45).ToOffset(TimeSpan.FromHours(2))
            .ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var until = seeded.Now.AddMinutes(-15).UtcDateTime
            .ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var events = await EventsAsync(new CliRunner(instance), "--since", since, "--until", until);

        Assert.Equal(["delivered", "queued"], events);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_limit_keeps_the_newest_entries(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);

        var events = await EventsAsync(new CliRunner(instance), "--limit", "2");

        Assert.Equal(["deferred", "auth.failed"], events);
    }

    [Theory]
    [InlineData("--limit", "0", "between 1 and 1000")]
    [InlineData("--limit", "1001", "between 1 and 1000")]
    [InlineData("--since", "yesterday", "--since: 'yesterday' is not a time")]
    [InlineData("--until", "5x", "--until: '5x' is not a time")]
    [InlineData("--domain", "unknown.example", "--domain: The workspace 'default' has no domain 'unknown.example'")]
    [InlineData("--domain", "1.2.3.4", "--domain: '1.2.3.4' is an IP address")]
    [InlineData("--message", "42", "--message: '42' is not a message id")]
    [InlineData("--code", "25O", "--code: '25O' is not an SMTP reply code")]
    [InlineData("--event", "bounce", "--event: 'bounce' is not an event; use one of received, rejected")]
    public async Task A_bad_filter_is_one_clear_error(string option, string value, string expected)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunAsync("logs", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task Control_characters_from_remote_servers_are_neutralised_in_text_output()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();
        await instance.AddLogAsync(Entry(workspace, "deferred", Now(), "a@acme.example", "b@x.example",
            detail: "busy\u001b[2J\r\nfake line"));

        var result = await new CliRunner(instance).RunAsync("logs");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Output);
        Assert.Equal(2, result.Output.TrimEnd().Split('\n').Length);
        Assert.EndsWith("busy?[2J  fake line", result.Output.TrimEnd());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Another_workspace_sees_none_of_the_entries(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);
        var cli = new CliRunner(instance);
        await cli.RunAsync("workspace", "add", "rival");

        var result = await cli.RunAsync("--workspace", "rival", "logs", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Follow_prints_a_matching_entry_written_after_it_started_and_stops_when_cancelled(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        await instance.AddLogAsync(Entry(workspace, "queued", Now(), "a@acme.example", "old@x.example"));
        await using var running = RunningCli.Start(instance, "logs", "--follow", "--mailbox", "a@acme.example");
        await running.WaitForOutputAsync(o => o.Contains("old@x.example", Ordinal), Patience);

        await instance.AddLogAsync(Entry(workspace, "queued", Now(), "z@acme.example", "skip@x.example"));
        await instance.AddLogAsync(Entry(workspace, "delivered", Now(), "a@acme.example", "new@x.example"));
        var output = await running.WaitForOutputAsync(
            o => o.Contains("new@x.example", Ordinal), Patience);
        var exit = await running.StopAsync(Patience);

        Assert.Equal(0, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("AT", lines[0]);
        Assert.Contains("old@x.example", lines[1]);
        Assert.Matches(@"delivered\s+-\s+a@acme\.example\s+new@x\.example", lines[2]);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain("skip@x.example", output);
    }

    [Fact]
    public async Task Follow_with_json_prints_one_object_per_line()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();
        await using var running = RunningCli.Start(instance, "logs", "--follow", "--json");

        await instance.AddLogAsync(Entry(workspace, "received", Now(), "a@acme.example", "r1@x.example"));
        await instance.AddLogAsync(Entry(workspace, "queued", Now(), "a@acme.example", "r2@x.example"));
        var output = await running.WaitForOutputAsync(o => o.Contains("r2@x.example", Ordinal), Patience);
        await running.StopAsync(Patience);

        var objects = output.TrimEnd().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["received", "queued"], objects.Select(o => o.GetProperty("event").GetString()));
        Assert.Equal("r1@x.example", objects[0].GetProperty("recipient").GetString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Format_csv_exports_every_matching_entry(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("logs", "--format", "csv", "--domain", "acme.example");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,at,event,", lines[0]);
        Assert.Equal(["deferred", "auth.failed", "delivered", "queued", "received"],
            lines.Skip(1).Select(l => l.Split(',')[2]));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Format_ndjson_honours_a_given_limit(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("logs", "--format", "ndjson", "--limit", "2");

        Assert.Equal(0, result.ExitCode);
        var events = result.Output.TrimEnd('\n').Split('\n')
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString());
        Assert.Equal(["deferred", "auth.failed"], events);
    }

    [Theory]
    [InlineData("--format", "xml", "--json")]
    [InlineData("--format", "csv", "--json")]
    [InlineData("--format", "csv", "--follow")]
    public async Task A_format_that_cannot_be_honoured_is_refused(string option, string value, string other)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunAsync("logs", option, value, other);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--format", result.Error + result.Output);
        Assert.DoesNotContain("   at ", result.Error);
    }

    private static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    private static async Task<List<string?>> EventsAsync(CliRunner cli, params string[] filters)
    {
        var result = await cli.RunAsync(["logs", "--json", .. filters]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.EnumerateArray()
            .Select(r => r.GetProperty("event").GetString()).ToList();
    }

    private sealed record Seeded(DateTimeOffset Now, Guid MessageId);

    /// <summary>
    /// Six entries of the default workspace written in this order, plus one of another workspace:
    /// received (3h ago), other (2h, beta.example), queued (30m), delivered (20m), auth.failed (5m, no domain),
    /// deferred (1m, mailbox b).
    /// </summary>
    private static async Task<Seeded> SeedAsync(TestInstance instance)
    {
        var now = DateTimeOffset.UtcNow;
        var workspace = await instance.WorkspaceAsync();
        var acme = await instance.AddDomainAsync("acme.example");
        var beta = await instance.AddDomainAsync("beta.example");
        var message = Guid.CreateVersion7();

        await instance.AddLogAsync(Entry(workspace, "received", now.AddHours(-3), "a@acme.example",
            "bob@dest.example", acme.Id));
        await instance.AddLogAsync(Entry(workspace, "other", now.AddHours(-2), "c@beta.example", "x@dest.example",
            beta.Id));
        await instance.AddLogAsync(Entry(workspace, "queued", now.AddMinutes(-30), "a@acme.example",
            "bob@dest.example", acme.Id, message));
        await instance.AddLogAsync(Entry(workspace, "delivered", now.AddMinutes(-20), "a@acme.example",
            "bob@dest.example", acme.Id, message, 250, "2.0.0", "2.0.0 ok"));
        await instance.AddLogAsync(Entry(workspace, "auth.failed", now.AddMinutes(-5), "B@acme.example", null));
        await instance.AddLogAsync(Entry(workspace, "deferred", now.AddMinutes(-1), "b@acme.example",
            "carol@dest.example", acme.Id, code: 451));

        // Another workspace's entry, matching every filter but the workspace.
        var elsewhere = new Workspace { Id = Guid.NewGuid(), Name = "elsewhere" };
        await instance.AddLogAsync(Entry(elsewhere, "queued", now, "a@acme.example", "bob@dest.example", acme.Id));
        return new Seeded(now, message);
    }

    internal static EmailLogEntry Entry(
        Workspace workspace,
        string name,
        DateTimeOffset at,
        string? mailbox,
        string? recipient,
        Guid? domainId = null,
        Guid? messageId = null,
        int? code = null,
        string? enhancedCode = null,
        string? detail = null)
    {
        return new EmailLogEntry
        {
            WorkspaceId = workspace.Id,
            At = at,
            Event = name,
            Mailbox = mailbox,
            Recipient = recipient,
            DomainId = domainId,
            MessageId = messageId,
            Code = code,
            EnhancedCode = enhancedCode,
            Detail = detail,
        };
    }
}
