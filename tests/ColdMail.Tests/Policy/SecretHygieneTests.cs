using System.Text;
using ColdMail.Configuration;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Policy;

public sealed class SecretHygieneTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task No_log_line_and_no_database_value_holds_a_secret_tried_at_login(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider,
            new Dictionary<string, string?> { ["ColdMail:Smtp:MaxAuthFailuresPerUser"] = "2" });
        var sender = await Seed.SenderAsync(instance);
        var wrong = SecretToken.Create(SecretToken.AuthKeyPrefix);
        await using var node = PolicyNode.Create(instance);

        await node.Session().LoginAsync(sender.Address, sender.Secret);
        await node.Session().LoginAsync(sender.Address, wrong);
        await node.Session().LoginAsync(sender.Secret, sender.Secret);
        await node.Session().LoginAsync(wrong + "@acme.com", wrong);
        await node.Session().LoginAsync(sender.Address, sender.Secret[..20]);
        await node.Session().LoginAsync(sender.Address, sender.Secret);
        await node.Acceptor.AppendAsync([], CancellationToken.None);

        string[] secrets = [sender.Secret, wrong, sender.Secret[..20]];
        Assert.Contains(node.Logs.Lines, l => l.Contains("logged in as sales@acme.com"));
        Assert.Contains(node.Logs.Lines, l => l.Contains("(not a mailbox address)"));
        Assert.Contains(node.Logs.Lines, l => l.Contains("(redacted: looks like a secret)"));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(node.Logs.Lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
        var values = await AllValuesAsync(instance);
        Assert.Contains(values, v => v.Contains("auth.failed"));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(values, v => v.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Every value of every table of the model, text as is and bytes read as UTF-8.
    /// </summary>
    private static async Task<List<string>> AllValuesAsync(TestInstance instance)
    {
        var values = new List<string>();
        await using var db = instance.Database.CreateContext();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().ToList();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add(reader.GetValue(i) switch
                    {
                        byte[] bytes => Encoding.UTF8.GetString(bytes),
                        var other => other.ToString() ?? string.Empty,
                    });
                }
            }
        }
        Assert.Contains(tables, t => t == "auth_keys");
        return values;
    }
}
