using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Cli;

public sealed class DomainCommandsTests
{
    private const string Name = "example.com";

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Publishing_the_printed_records_makes_verify_succeed(DatabaseProvider provider)
    {
        await using var dns = TestDnsServer.Start();
        dns.AddA("mail.test.example", "192.0.2.25");
        await using var instance = await CreateAsync(provider, dns);
        var cli = new CliRunner(instance);
        Assert.Equal(0, (await cli.RunAsync("domain", "add", Name)).ExitCode);

        var before = await cli.RunAsync("domain", "verify", Name);
        var records = await cli.RunAsync("domain", "records", Name, "--json");
        foreach (var record in JsonDocument.Parse(records.Output).RootElement.EnumerateArray())
        {
            var (type, name, value) = (Text(record, "type"), Text(record, "name"), Text(record, "value"));
            Assert.False(string.IsNullOrEmpty(record.GetProperty("purpose").GetString()));
            if (type == "CNAME")
            {
                dns.AddCname(name, value);
            }
            else
            {
                dns.AddTxt(name, value);
            }
        }
        var after = await cli.RunAsync("domain", "verify", Name);
        var shown = JsonDocument.Parse((await cli.RunAsync("domain", "show", Name, "--json")).Output).RootElement;

        Assert.Equal(2, before.ExitCode);
        Assert.Equal(
            ["spf: missing: example.com has no SPF record",
                "dkim: missing: cm202612._domainkey.example.com does not exist in DNS",
                "dmarc: missing: no DMARC record at _dmarc.example.com"],
            Lines(before.Error));
        Assert.Equal(0, after.ExitCode);
        Assert.Equal("", after.Error);
        Assert.Contains("example.com: verified since", after.Output);
        Assert.Equal("verified", shown.GetProperty("domain").GetProperty("state").GetString());
        Assert.Equal("active", shown.GetProperty("keys")[0].GetProperty("state").GetString());
        Assert.All(shown.GetProperty("checks").EnumerateArray(), c => Assert.Equal("ok", Text(c, "status")));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Adding_a_domain_prints_its_records_and_lists_it(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);

        var added = await cli.RunAsync("domain", "add", "Bücher.Example", "--json");
        var list = await cli.RunAsync("domain", "list", "--json");
        var text = await cli.RunAsync("domain", "records", "bücher.example");

        Assert.Equal(0, added.ExitCode);
        var records = JsonDocument.Parse(added.Output).RootElement.GetProperty("records").EnumerateArray()
            .Select(r => (Text(r, "type"), Text(r, "name"))).ToList();
        Assert.Equal(
            [("TXT", "xn--bcher-kva.example"), ("TXT", "cm202612._domainkey.xn--bcher-kva.example"),
                ("TXT", "_dmarc.xn--bcher-kva.example"), ("CNAME", "bounces.xn--bcher-kva.example")],
            records.Select(r => (r.Item1, r.Item2.Replace(DateTime.UtcNow.ToString("yyyyMM"), "202612"))));
        var listed = Assert.Single(JsonDocument.Parse(list.Output).RootElement.EnumerateArray());
        Assert.Equal("xn--bcher-kva.example", Text(listed, "name"));
        Assert.Equal("pending", Text(listed, "state"));
        Assert.Equal(50, listed.GetProperty("limits").GetProperty("mailboxDaily").GetInt32());
        Assert.Contains("v=spf1 a:mail.test.example ~all", text.Output);
        Assert.Contains("v=DMARC1; p=none; adkim=r; aspf=r", text.Output);
        Assert.Contains("v=DKIM1; k=rsa; p=MII", text.Output);
    }

    [Fact]
    public async Task Show_prints_state_limits_pause_checks_and_keys()
    {
        await using var instance = await TestInstance.CreateAsync();
        var cli = new CliRunner(instance);
        await cli.RunAsync("domain", "add", Name);
        await cli.RunAsync("domain", "pause", Name, "--reason", "bounce spike");

        var shown = await cli.RunAsync("domain", "show", Name);

        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("State     pending", shown.Output);
        Assert.Contains("by cli:test: bounce spike", shown.Output);
        Assert.Contains("hourly none, daily none, per mailbox 50 a day, warm-up none", shown.Output);
        Assert.Contains("SELECTOR", shown.Output);
        Assert.Contains("pending", shown.Output);
    }

    [Fact]
    public async Task Rotate_dkim_prints_the_new_record_once_the_first_key_is_active()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddA("mail.test.example", "192.0.2.25");
        await using var instance = await CreateAsync(DatabaseProvider.Sqlite, dns);
        var cli = new CliRunner(instance);
        var added = JsonDocument.Parse((await cli.RunAsync("domain", "add", Name, "--json")).Output).RootElement;
        var early = await cli.RunAsync("domain", "rotate-dkim", Name);
        foreach (var record in added.GetProperty("records").EnumerateArray())
        {
            if (Text(record, "type") == "TXT")
            {
                dns.AddTxt(Text(record, "name"), Text(record, "value"));
            }
        }
        Assert.Equal(0, (await cli.RunAsync("domain", "verify", Name)).ExitCode);

        var rotated = await cli.RunAsync("domain", "rotate-dkim", Name, "--json");

        Assert.Equal(1, early.ExitCode);
        Assert.StartsWith("error: Cannot rotate the DKIM key of 'example.com': its first key is not active yet",
            early.Error);
        Assert.Equal(0, rotated.ExitCode);
        var json = JsonDocument.Parse(rotated.Output).RootElement;
        var selector = json.GetProperty("key").GetProperty("selector").GetString()!;
        Assert.Equal("pending", json.GetProperty("key").GetProperty("state").GetString());
        Assert.Equal($"{selector}._domainkey.example.com", Text(json.GetProperty("record"), "name"));
        Assert.StartsWith("v=DKIM1; k=rsa; p=", Text(json.GetProperty("record"), "value"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Limits_are_set_cleared_and_recorded(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);
        await cli.RunAsync("domain", "add", Name);

        var set = await cli.RunAsync("domain", "limits", Name, "--hourly", "100", "--daily", "1000",
            "--mailbox-daily", "30", "--warmup-start", "20", "--warmup-step", "10", "--json");
        var cleared = await cli.RunAsync("domain", "limits", Name, "--hourly", "none", "--daily", "0",
            "--warmup-start", "none");
        var shown = await cli.RunAsync("domain", "limits", Name);

        Assert.Equal(0, set.ExitCode);
        var limits = JsonDocument.Parse(set.Output).RootElement.GetProperty("limits");
        Assert.Equal((100, 1000, 30, 20, 10), (limits.GetProperty("hourly").GetInt32(),
            limits.GetProperty("daily").GetInt32(), limits.GetProperty("mailboxDaily").GetInt32(),
            limits.GetProperty("warmupStart").GetInt32(), limits.GetProperty("warmupStep").GetInt32()));
        Assert.Equal(0, cleared.ExitCode);
        Assert.Equal("example.com: hourly none, daily none, per mailbox 30 a day, warm-up none, sending hours any",
            shown.Output.Trim());
        await using var db = instance.Database.CreateContext();
        var log = await db.EmailLog.Where(e => e.Event == EmailEvents.LimitChanged).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, log.Count);
        Assert.Equal("hourly none → 100; daily none → 1000; mailbox-daily 50 → 30; warmup-start none → 20; " +
            "warmup-step none → 10", log[0].Detail);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "domain.limits" && a.Actor == "cli:test"));
    }

    [Theory]
    [InlineData("--hourly", "abc", "error: --hourly takes a whole number of zero or more (was 'abc').")]
    [InlineData("--daily", "1.5", "error: --daily takes a whole number of zero or more (was '1.5').")]
    [InlineData("--mailbox-daily", "0",
        "error: The per-mailbox daily cap must be at least 1; pause a mailbox to stop it sending.")]
    [InlineData("--mailbox-daily", "none", "error: --mailbox-daily takes a whole number of zero or more (was 'none').")]
    [InlineData("--warmup-step", "5", "error: A warm-up needs both a start and a step.")]
    [InlineData("--warmup-start", "5", "error: A warm-up needs both a start and a step.")]
    public async Task Bad_limits_are_refused_with_one_line(string option, string value, string message)
    {
        await using var instance = await TestInstance.CreateAsync();
        var cli = new CliRunner(instance);
        await cli.RunAsync("domain", "add", Name);

        var result = await cli.RunAsync("domain", "limits", Name, option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.Error.Trim());
        await using var db = instance.Database.CreateContext();
        Assert.Equal(50, (await db.Domains.SingleAsync()).MailboxDailyLimit);
    }

    [Fact]
    public async Task Limits_set_show_and_clear_the_sending_hours_and_time_zone()
    {
        await using var instance = await TestInstance.CreateAsync();
        var cli = new CliRunner(instance);
        await cli.RunAsync("domain", "add", Name);

        var set = await cli.RunAsync("domain", "limits", Name, "--sending-hours", "22:00-06:00",
            "--time-zone", "Europe/Berlin", "--json");
        var text = await cli.RunAsync("domain", "show", Name);
        var json = await cli.RunAsync("domain", "show", Name, "--json");
        var cleared = await cli.RunAsync("domain", "limits", Name, "--sending-hours", "none", "--time-zone", "none");

        Assert.Equal(0, set.ExitCode);
        var limits = JsonDocument.Parse(set.Output).RootElement.GetProperty("limits");
        Assert.Equal(("22:00", "06:00", "Europe/Berlin"), (Text(limits.GetProperty("sendingHours"), "start"),
            Text(limits.GetProperty("sendingHours"), "end"), Text(limits, "timeZone")));
        Assert.Contains("sending hours 22:00-06:00 Europe/Berlin", text.Output);
        var shown = JsonDocument.Parse(json.Output).RootElement.GetProperty("domain").GetProperty("limits");
        Assert.Equal("22:00", Text(shown.GetProperty("sendingHours"), "start"));
        Assert.Equal("example.com: hourly none, daily none, per mailbox 50 a day, warm-up none, sending hours any",
            cleared.Output.Trim());
        await using var db = instance.Database.CreateContext();
        var log = await db.EmailLog.Where(e => e.Event == EmailEvents.LimitChanged).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["sending-hours none → 22:00-06:00; time-zone UTC → Europe/Berlin",
            "sending-hours 22:00-06:00 → none; time-zone Europe/Berlin → UTC"], log.Select(e => e.Detail));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "domain.limits"));
    }

    [Theory]
    [InlineData("--sending-hours", "9-17", "error: The sending hours must be HH:MM-HH:MM in 24-hour time, "
        + "such as 09:00-17:00 or 22:00-06:00, or none to remove them (was '9-17').")]
    [InlineData("--sending-hours", "25:00-06:00", "error: The sending hours must be HH:MM-HH:MM in 24-hour time, "
        + "such as 09:00-17:00 or 22:00-06:00, or none to remove them (was '25:00-06:00').")]
    [InlineData("--sending-hours", "09:00-09:00",
        "error: The sending hours must start and end at different times; use none to send at any hour.")]
    [InlineData("--time-zone", "Europe/Atlantis",
        "error: Unknown time zone 'Europe/Atlantis'; use an IANA id such as Europe/Berlin, or none for UTC.")]
    [InlineData("--time-zone", "../../../etc/passwd",
        "error: Unknown time zone '../../../etc/passwd'; use an IANA id such as Europe/Berlin, or none for UTC.")]
    public async Task Bad_sending_hours_are_refused_with_one_line(string option, string value, string message)
    {
        await using var instance = await TestInstance.CreateAsync();
        var cli = new CliRunner(instance);
        await cli.RunAsync("domain", "add", Name);

        var result = await cli.RunAsync("domain", "limits", Name, option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.Error.Trim());
        await using var db = instance.Database.CreateContext();
        var domain = await db.Domains.SingleAsync();
        Assert.Equal((null, null), (domain.SendingHoursStart, domain.SendingTimeZone));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Pause_and_resume_record_who_and_why(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);
        await cli.RunAsync("domain", "add", Name);

        var paused = await cli.RunAsync("domain", "pause", Name, "--reason", "complaints", "--json");
        var twice = await cli.RunAsync("domain", "pause", Name);
        await using (var db = instance.Database.CreateContext())
        {
            var domain = await db.Domains.SingleAsync();
            Assert.Equal(("complaints", "cli:test"), (domain.PauseReason, domain.PausedBy));
            Assert.NotNull(domain.PausedAt);
        }
        var resumed = await cli.RunAsync("domain", "resume", Name);
        var again = await cli.RunAsync("domain", "resume", Name);

        Assert.Equal(0, paused.ExitCode);
        Assert.True(JsonDocument.Parse(paused.Output).RootElement.GetProperty("paused").GetBoolean());
        Assert.Equal(1, twice.ExitCode);
        Assert.StartsWith("error: The domain 'example.com' is already paused since", twice.Error);
        Assert.Equal(("Resumed example.com.", 0), (resumed.Output.Trim(), resumed.ExitCode));
        Assert.Equal("error: The domain 'example.com' is not paused.", again.Error.Trim());
        await using var check = instance.Database.CreateContext();
        Assert.Null((await check.Domains.SingleAsync()).PausedAt);
        Assert.Equal([EmailEvents.DomainPaused, EmailEvents.DomainResumed],
            await check.EmailLog.OrderBy(e => e.Id).Select(e => e.Event).ToListAsync());
        Assert.Equal("Paused: complaints", (await check.EmailLog.OrderBy(e => e.Id).FirstAsync()).Detail);
        Assert.Equal(["domain.add", "domain.pause", "domain.resume"],
            await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Remove_deletes_a_domain_with_its_keys_but_not_one_with_mailboxes(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);
        await cli.RunAsync("domain", "add", Name);
        await cli.RunAsync("domain", "add", "kept.example");
        await using (var db = instance.Database.CreateContext())
        {
            var kept = await db.Domains.SingleAsync(d => d.Name == "kept.example");
            db.Mailboxes.Add(new Mailbox
            {
                Id = Guid.NewGuid(),
                WorkspaceId = kept.WorkspaceId,
                DomainId = kept.Id,
                Address = "ann@kept.example",
                IsActive = true,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var removed = await cli.RunAsync("domain", "remove", Name);
        var refused = await cli.RunAsync("domain", "remove", "kept.example");

        Assert.Equal(("Removed example.com.", 0), (removed.Output.Trim(), removed.ExitCode));
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: The domain 'kept.example' still has 1 mailbox(es); remove them first.",
            refused.Error.Trim());
        await using var check = instance.Database.CreateContext();
        Assert.Equal(["kept.example"], await check.Domains.Select(d => d.Name).ToListAsync());
        Assert.Equal(1, await check.DkimKeys.CountAsync());
    }

    [Theory]
    [InlineData("show")]
    [InlineData("records")]
    [InlineData("verify")]
    [InlineData("rotate-dkim")]
    [InlineData("limits")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("remove")]
    public async Task Every_verb_says_when_the_domain_is_unknown(string verb)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunAsync("domain", verb, "nope.example");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: No domain named 'nope.example' in workspace 'default'.", result.Error.Trim());
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("192.0.2.1", "error: '192.0.2.1' is an IP address; a sending domain must be a DNS name.")]
    [InlineData("co.uk", "error: 'co.uk' is a public suffix that no one owns; add a domain registered under it, " +
        "such as example.co.uk.")]
    [InlineData("bad_name.example", "error: 'bad_name.example' is not a valid domain name: the label 'bad_name' " +
        "may hold only letters, digits and hyphens.")]
    public async Task Add_refuses_a_name_that_cannot_be_a_sending_domain(string name, string message)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunAsync("domain", "add", name);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.Error.Trim());
    }

    [Fact]
    public async Task Adding_a_domain_twice_is_one_clear_error()
    {
        await using var instance = await TestInstance.CreateAsync();
        var cli = new CliRunner(instance);

        await cli.RunAsync("domain", "add", Name);
        var second = await cli.RunAsync("domain", "add", "EXAMPLE.com.");

        Assert.Equal(1, second.ExitCode);
        Assert.Equal("error: The domain 'example.com' is already added on this server.", second.Error.Trim());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_domain_of_another_workspace_is_invisible(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);
        await cli.RunAsync("workspace", "add", "acme");
        Assert.Equal(0, (await cli.RunAsync("domain", "add", Name, "--workspace", "acme")).ExitCode);

        var list = await cli.RunAsync("domain", "list", "--json", "--workspace", "default");
        var show = await cli.RunAsync("domain", "show", Name, "--workspace", "default");
        var pause = await cli.RunAsync("domain", "pause", Name, "--workspace", "default");
        var unnamed = await cli.RunAsync("domain", "list");
        var own = await cli.RunAsync("domain", "show", Name, "--workspace", "acme", "--json");

        Assert.Empty(JsonDocument.Parse(list.Output).RootElement.EnumerateArray());
        Assert.Equal("error: No domain named 'example.com' in workspace 'default'.", show.Error.Trim());
        Assert.Equal(1, pause.ExitCode);
        Assert.Equal(1, unnamed.ExitCode);
        Assert.Contains("name one with --workspace", unnamed.Error);
        Assert.Equal(0, own.ExitCode);
        await using var db = instance.Database.CreateContext();
        Assert.Null((await db.Domains.SingleAsync()).PausedAt);
    }

    [Fact]
    public async Task A_bad_domains_setting_stops_the_verb_and_names_the_key()
    {
        await using var instance = await TestInstance.CreateAsync();
        instance.Settings["ColdMail:Domains:RecheckIntervalMinutes"] = "0";
        instance.Settings["ColdMail:Domains:SendingAddresses:0"] = "mail.example.com";

        var result = await new CliRunner(instance).RunAsync("domain", "list");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("ColdMail:Domains:RecheckIntervalMinutes must be greater than zero (was 0).", result.Error);
        Assert.Contains("ColdMail:Domains:SendingAddresses:0 must be an IPv4 or IPv6 address", result.Error);
    }

    private static Task<TestInstance> CreateAsync(DatabaseProvider provider, TestDnsServer dns) =>
        TestInstance.CreateAsync(provider,
            new Dictionary<string, string?> { ["ColdMail:Dns:Servers:0"] = dns.Endpoint });

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
