using ColdMail.Configuration;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Queue;

/// <summary>
/// Makes the database itself refuse rows of message_recipients, halfway through an acceptance
/// (after the message and its body were inserted in the same transaction): a real storage failure,
/// not a mock.
/// </summary>
public static class StorageFault
{
    public static async Task BreakRecipientsAsync(TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        if (instance.Database.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TRIGGER refuse_recipients BEFORE INSERT ON message_recipients
                BEGIN SELECT RAISE(ABORT, 'storage refuses recipients'); END;
                """);
            return;
        }
        await db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION refuse_recipients() RETURNS trigger LANGUAGE plpgsql
            AS $$ BEGIN RAISE EXCEPTION 'storage refuses recipients'; END $$;
            CREATE TRIGGER refuse_recipients BEFORE INSERT ON message_recipients
            FOR EACH ROW EXECUTE FUNCTION refuse_recipients();
            """);
    }
}
