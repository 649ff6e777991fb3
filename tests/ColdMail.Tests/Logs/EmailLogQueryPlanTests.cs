using ColdMail.Logs;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Logs;

/// <summary>
/// How SQLite answers each search: every filter walks an index in id order, never the whole table and
/// never a sort, and of several filters the rarest drives (bench/log-search measures the result).
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
