using System.Data.Common;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Support;

/// <summary>Puts rows straight into a test instance's database, for the states no verb under test creates.</summary>
public static class TestData
{
    public static async Task<Workspace> WorkspaceAsync(this TestInstance instance, string name = "default")
    {
        await using var db = instance.Database.CreateContext();
        return await db.Workspaces.AsNoTracking().SingleAsync(w => w.Name == name);
    }

    public static async Task<Domain> AddDomainAsync(
        this TestInstance instance,
        string name,
        DomainVerificationState state = DomainVerificationState.Verified,
        string workspace = "default",
        DateTimeOffset? lastCheckedAt = null)
    {
        var owner = await instance.WorkspaceAsync(workspace);
        var domain = new Domain
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = owner.Id,
            Name = name,
            CreatedAt = DateTimeOffset.UtcNow,
            VerificationState = state,
            MailboxDailyLimit = 200,
            LastCheckedAt = lastCheckedAt,
        };
        await using var db = instance.Database.CreateContext();
        db.Domains.Add(domain);
        await db.SaveChangesAsync();
        return domain;
    }

    public static async Task<EmailLogEntry> AddLogAsync(this TestInstance instance, EmailLogEntry entry)
    {
        await using var db = instance.Database.CreateContext();
        db.EmailLog.Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }

    public static async Task<List<AuditEntry>> AuditAsync(this TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>Every text and binary value of every row of a table, read with plain SQL.</summary>
    public static async Task<List<object>> RawValuesAsync(this TestInstance instance, string table)
    {
        await using var db = instance.Database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!await reader.IsDBNullAsync(i))
                {
                    values.Add(reader.GetValue(i));
                }
            }
        }
        return values;
    }
}
