using ColdMail.Logs;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Logs;

/// <summary>
/// How SQLite answers each search: every filter walks an index in id order, never the whole table and
/// never a sort, and of several filters the rarest drives; a time window long past reads the time index
/// (bench/log-search measures the result).
/// </summary>
public sealed class EmailLogQueryPlanTests
{
    public static TheoryData<string, string> Searches => new()
    {
        { "", "ix_email_log_workspace_id_id_at" },
        { "since=2026-01-01T00:00:00Z until=2026-01-02T00:00:00Z", "ix_email_log_workspace_id_id_at" },
        { "domain=acme.example", "ix_email_log_workspace_id_domain_id_id_at_event_code" },
        { "mailbox=Sam@acme.example", "ix_email_log_workspace_id_lower_mailbox_id" },
        { "recipient=Ceo@x.example", "ix_email_log_workspace_id_lower_recipient_id" },
        { "message=0193a6f2c4b87d1e9a0b5c3d2e1f4a6b", "ix_email_log_message_id" },
        { "event=bounced", "ix_email_log_workspace_id_event_id_at" },
        { "code=550", "ix_email_log_workspace_id_code_id_at_event" },
        { "event=deferred code=451", "ix_email_log_workspace_id_code_id_at_event" },
        { "domain=acme.example event=deferred since=7d", "ix_email_log_workspace_id_domain_id_id_at_event_code" },
        { "mailbox=sam@acme.example event=delivered code=250", "ix_email_log_workspace_id_lower_mailbox_id" },
        { "recipient=ceo@x.example mailbox=sam@acme.example", "ix_email_log_workspace_id_lower_recipient_id" },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task A_search_walks_the_index_of_its_rarest_filter_without_scanning_or_sorting(
        string filters,
        string index)
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();
        await instance.AddDomainAsync("acme.example");
        var filter = Parse(filters);

        await using var db = instance.Database.CreateContext();
        foreach (var before in new long?[] { null, 1000 })
        {
            var query = await EmailLogQuery.NewestQueryAsync(db, workspace, filter, before, 50,
                CancellationToken.None);
            var plan = await PlanAsync(db, query);

            Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal));
            Assert.All(plan, step => Assert.DoesNotContain("SCAN", step));
            Assert.All(plan, step => Assert.DoesNotContain("TEMP B-TREE", step));
            Assert.All(plan.Where(s => s.StartsWith("SEARCH", StringComparison.Ordinal)),
                step => Assert.Contains($"USING INDEX {index} ", step));
        }
    }

    [Fact]
    public async Task A_time_window_reads_the_time_index_only_when_walking_down_to_it_would_read_more()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();
        var now = DateTimeOffset.UtcNow;
        var ids = new Dictionary<int, long>();
        for (var day = 30; day > 0; day--)
        {
            ids[day] = (await instance.AddLogAsync(ColdMail.Tests.Cli.LogCommandsTests.Entry(workspace, "queued",
                now.AddDays(-day), "a@acme.example", $"r{day}@x.example"))).Id;
        }
        var longAgo = new EmailLogFilter(Since: now.AddDays(-28.5), Until: now.AddDays(-27.5));
        var lately = new EmailLogFilter(Since: now.AddDays(-3.5), Until: now.AddDays(-2.5));
        var wide = new EmailLogFilter(Since: now.AddDays(-29.5), Until: now.AddDays(-2.5));

        await using var db = instance.Database.CreateContext();
        var plans = new List<string>();
        var counts = new List<int>();
        foreach (var filter in new[] { longAgo, lately, wide })
        {
            var query = await EmailLogQuery.NewestQueryAsync(db, workspace, filter, null, 50,
                CancellationToken.None);
            plans.Add(string.Join(" | ", await PlanAsync(db, query)));
            counts.Add((await query.ToListAsync()).Count);
        }

        Assert.Contains("USING COVERING INDEX ix_email_log_workspace_id_at (", plans[0]);
        Assert.Contains("USING INDEX ix_email_log_workspace_id_id_at ", plans[1]);
        Assert.Contains("USING INDEX ix_email_log_workspace_id_id_at ", plans[2]);
        Assert.Equal([1, 1, 27], counts);
        var pastDays = new EmailLogFilter(Since: now.AddDays(-29.5), Until: now.AddDays(-26.5));
        Assert.Equal([ids[27], ids[28], ids[29]], await PagesAsync(instance, workspace, pastDays, 2));
    }

    /// <summary>Every id a search finds, read page by page newest first.</summary>
    private static async Task<List<long>> PagesAsync(
        TestInstance instance,
        ColdMail.Storage.Entities.Workspace workspace,
        EmailLogFilter filter,
        int limit)
    {
        var ids = new List<long>();
        long? before = null;
        while (true)
        {
            var page = await instance.Get<EmailLogQuery>().NewestAsync(workspace, filter, before, limit,
                CancellationToken.None);
            ids.AddRange(page.Select(e => e.Id));
            if (page.Count < limit)
            {
                return ids;
            }
            before = page[^1].Id;
        }
    }

    private static EmailLogFilter Parse(string filters)
    {
        var values = filters.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        return new EmailLogFilterText(
            values.GetValueOrDefault("domain"),
            values.GetValueOrDefault("mailbox"),
            values.GetValueOrDefault("recipient"),
            values.GetValueOrDefault("message"),
            values.GetValueOrDefault("event"),
            values.GetValueOrDefault("code"),
            values.GetValueOrDefault("since"),
            values.GetValueOrDefault("until")).Parse(DateTimeOffset.UtcNow);
    }

    private static async Task<List<string>> PlanAsync(
        ColdMail.Storage.ColdMailDbContext db,
        IQueryable<ColdMail.Storage.Entities.EmailLogEntry> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        command.Connection = db.Database.GetDbConnection();
        await using var reader = await command.ExecuteReaderAsync();
        var steps = new List<string>();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }
        Assert.NotEmpty(steps);
        return steps;
    }
}
