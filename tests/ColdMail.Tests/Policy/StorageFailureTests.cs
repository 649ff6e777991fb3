using ColdMail.Configuration;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Policy;

public sealed class StorageFailureTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_login_the_database_cannot_check_is_a_temporary_454(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        await RenameAsync(instance, "auth_keys", "auth_keys_away");
        var session = node.Session();

        var reply = await session.LoginAsync(sender.Address, sender.Secret);

        Assert.Equal("454 4.7.0 Temporary authentication failure; try again shortly "
            + $"(session {session.Context.SessionId})\r\n", reply.ToString());
        Assert.Null(session.Context.Sender);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_recipient_the_database_cannot_check_is_a_temporary_451_holding_no_unit(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 5);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        await RenameAsync(instance, "suppressions", "suppressions_away");

        var reply = await session.RcptAsync("bob@example.com");

        Assert.Equal("451 4.3.0 Temporary local problem, nothing was stored; try again later "
            + $"(session {session.Context.SessionId})\r\n", reply.ToString());
        Assert.Equal(0, await Counters.DomainDayAsync(instance, sender));
        Assert.Empty(session.Context.Recipients);
    }

    /// <summary>Takes a table out from under the running server: its queries then fail for real.</summary>
    private static async Task RenameAsync(TestInstance instance, string table, string name)
    {
        await using var db = instance.Database.CreateContext();
        // Table names cannot be parameters; both come from this file.
        var sql = "ALTER TABLE " + table + " RENAME TO " + name;
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
