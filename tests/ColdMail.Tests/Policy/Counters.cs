using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Policy;

/// <summary>Reads the send counters as the database holds them.</summary>
public static class Counters
{
    public static async Task<int> TotalAsync(TestInstance instance, string scopePrefix)
    {
        await using var db = instance.Database.CreateContext();
        var rows = await db.SendCounters.AsNoTracking().ToListAsync();
        return rows.Where(c => c.Scope.StartsWith(scopePrefix, StringComparison.Ordinal)).Sum(c => c.Count);
    }

    public static Task<int> DomainDayAsync(TestInstance instance, SeededSender sender)
        => TotalAsync(instance, $"domain:{sender.Domain.Id}:day");

    public static Task<int> MailboxDayAsync(TestInstance instance, SeededSender sender)
        => TotalAsync(instance, $"mailbox:{sender.Mailbox.Id}:day");
}
