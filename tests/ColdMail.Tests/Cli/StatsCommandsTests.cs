using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Cli;

public sealed class StatsCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Stats_prints_a_row_per_hour_with_a_bar_scaled_to_the_busiest(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var now = await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("stats", "--domain", "acme.example", "--since", "90m");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Matches(
            @"^START\s+ACCEPTED\s+REJECTED\s+DELIVERED\s+DEFERRED\s+BOUNCED\s+RCPT/SNDR/OTHER\s+BOUNCE%",
            lines[0]);
        var rows = lines.Skip(1).ToList();
        Assert.True(rows.Count is 3 or 4, result.Output);
        Assert.StartsWith("total", rows[^1]);
        var busiest = rows.Single(r => r.EndsWith(new string('█', 20), StringComparison.Ordinal));
        Assert.Matches(@"\s4\s+0\s+1\s+0\s+1\s+1/0/0\s+50\.0%\s+█{20}$", busiest);
        Assert.Contains(now.UtcDateTime.ToString("yyyy-MM-dd HH:00'Z'"), busiest);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Stats_json_gives_rows_totals_and_rates(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);

        var result = await new CliRunner(instance).RunAsync("stats", "--by", "day", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var report = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("day", report.GetProperty("interval").GetString());
        Assert.Equal(31, report.GetProperty("rows").GetArrayLength());
        var total = report.GetProperty("total");
        Assert.Equal(5, total.GetProperty("accepted").GetInt64());
        Assert.Equal(1, total.GetProperty("bouncedBy").GetProperty("recipient").GetInt64());
        Assert.Equal(0.5, total.GetProperty("bounceRate").GetDouble());
    }

    [Theory]
    [InlineData("--by", "week", "week")]
    [InlineData("--since", "soon", "'soon' is not a time")]
    [InlineData("--domain", "unknown.example", "has no domain 'unknown.example'")]
    public async Task A_bad_option_is_one_clear_error(string option, string value, string expected)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunAsync("stats", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Error + result.Output);
        Assert.DoesNotContain("   at ", result.Error);
    }

    /// <summary>
    /// In the current hour of acme.example: four received, one delivered, one bounced (5.1.1);
    /// one received of beta.example.
    /// </summary>
    private static async Task<DateTimeOffset> SeedAsync(TestInstance instance)
    {
        var acme = await instance.AddDomainAsync("acme.example");
        var beta = await instance.AddDomainAsync("beta.example");
        var workspace = await instance.WorkspaceAsync();
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        EmailLogEntry Entry(string name, Domain domain, string? enhanced = null) => new()
        {
            WorkspaceId = workspace.Id,
            At = hour,
            Event = name,
            DomainId = domain.Id,
            EnhancedCode = enhanced,
        };
        foreach (var entry in new[]
        {
            Entry(EmailEvents.Received, acme),
            Entry(EmailEvents.Received, acme),
            Entry(EmailEvents.Received, acme),
            Entry(EmailEvents.Received, acme),
            Entry(EmailEvents.Delivered, acme),
            Entry(EmailEvents.Bounced, acme, "5.1.1"),
            Entry(EmailEvents.Received, beta),
        })
        {
            await instance.AddLogAsync(entry);
        }
        return now;
    }
}
