using System.Data.Common;
using ColdMail.Configuration;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ColdMail.Tests.Storage;

public sealed class AppendOnlyEmailLogTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Updating_a_log_row_fails_at_the_database(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var entry = await AddEntryAsync(instance);
        await using var db = instance.Database.CreateContext();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
            "UPDATE email_log SET detail = 'rewritten' WHERE id = {0}", entry.Id));

        Assert.Contains("append-only", error.Message);
        Assert.Equal("original", (await ReadAsync(instance, entry.Id))?.Detail);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Deleting_a_log_row_fails_at_the_database(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var entry = await AddEntryAsync(instance);
        await using var db = instance.Database.CreateContext();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM email_log WHERE id = {0}", entry.Id));

        Assert.Contains("append-only", error.Message);
        Assert.NotNull(await ReadAsync(instance, entry.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Bulk_updates_through_the_model_are_refused_too(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var entry = await AddEntryAsync(instance);
        await using var db = instance.Database.CreateContext();

        await Assert.ThrowsAnyAsync<DbException>(() => db.EmailLog
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Event, "delivered")));
        await Assert.ThrowsAnyAsync<DbException>(() => db.EmailLog.ExecuteDeleteAsync());

        Assert.Equal("bounced", (await ReadAsync(instance, entry.Id))?.Event);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_delete_holding_the_purge_permit_succeeds_and_the_permit_ends_with_it(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var purged = await AddEntryAsync(instance);
        var kept = await AddEntryAsync(instance);
        await using var db = instance.Database.CreateContext();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlRawAsync(AppendOnlyEmailLog.InsertPermitSql);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM email_log WHERE id = {0}", purged.Id);
            await db.Database.ExecuteSqlRawAsync(AppendOnlyEmailLog.RemovePermitSql);
            await transaction.CommitAsync();
        }

        Assert.Null(await ReadAsync(instance, purged.Id));
        await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM email_log WHERE id = {0}", kept.Id));
        Assert.NotNull(await ReadAsync(instance, kept.Id));
    }

    [SkippableFact]
    public async Task A_permit_not_yet_committed_lets_no_other_transaction_delete()
    {
        await using var instance = await TestInstance.CreateAsync(DatabaseProvider.Postgres);
        var entry = await AddEntryAsync(instance);
        await using var purge = instance.Database.CreateContext();
        await using var transaction = await purge.Database.BeginTransactionAsync();
        await purge.Database.ExecuteSqlRawAsync(AppendOnlyEmailLog.InsertPermitSql);
        await using var other = instance.Database.CreateContext();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => other.Database.ExecuteSqlRawAsync(
            "DELETE FROM email_log WHERE id = {0}", entry.Id));
        await transaction.RollbackAsync();

        Assert.Contains("append-only", error.Message);
        Assert.NotNull(await ReadAsync(instance, entry.Id));
    }

    [SkippableFact]
    public async Task Truncating_the_log_fails_on_postgresql()
    {
        await using var instance = await TestInstance.CreateAsync(DatabaseProvider.Postgres);
        var entry = await AddEntryAsync(instance);
        await using var db = instance.Database.CreateContext();

        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(
            "TRUNCATE email_log"));

        Assert.NotNull(await ReadAsync(instance, entry.Id));
    }

    private static async Task<EmailLogEntry> AddEntryAsync(TestInstance instance)
    {
        var workspace = await instance.WorkspaceAsync();
        return await instance.AddLogAsync(new EmailLogEntry
        {
            WorkspaceId = workspace.Id,
            At = DateTimeOffset.UtcNow,
            Event = "bounced",
            Recipient = "bob@dest.example",
            Code = 550,
            EnhancedCode = "5.1.1",
            Detail = "original",
        });
    }

    private static async Task<EmailLogEntry?> ReadAsync(TestInstance instance, long id)
    {
        await using var db = instance.Database.CreateContext();
        return await db.EmailLog.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id);
    }
}
