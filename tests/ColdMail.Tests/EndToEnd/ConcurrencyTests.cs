using MailKit.Net.Smtp;

namespace ColdMail.Tests.EndToEnd;

public sealed class ConcurrencyTests
{
    private const int Cap = 25;
    private const int Sessions = 10;
    private const int MessagesPerSession = 5;

    [Fact]
    public async Task Concurrent_sessions_against_a_daily_cap_get_exactly_the_cap_accepted()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        await server.RunAsync("domain", "limits", "acme.example", "--daily", Cap.ToString());
        var accepted = 0;
        var refusals = new System.Collections.Concurrent.ConcurrentBag<SmtpCommandException>();

        await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async session =>
        {
            using var client = await server.ConnectAsync(sender, implicitTls: session % 2 == 0);
            for (var i = 0; i < MessagesPerSession; i++)
            {
                var to = $"lead{session}x{i}@example.org";
                try
                {
                    await client.SendAsync(EndToEndServer.NewMessage(sender.Address, to));
                    Interlocked.Increment(ref accepted);
                }
                catch (SmtpCommandException refused)
                {
                    refusals.Add(refused);
                }
            }
            await client.DisconnectAsync(true);
        }));

        Assert.Equal(Cap, accepted);
        Assert.Equal(Sessions * MessagesPerSession - Cap, refusals.Count);
        Assert.All(refusals, r =>
        {
            Assert.Equal(451, (int)r.StatusCode);
            Assert.StartsWith("4.7.1 ", r.Message);
        });
        Assert.Equal(Cap, await server.QueryAsync(db => Task.FromResult(db.MessageRecipients.Count())));
        Assert.Equal(Cap, await server.QueryAsync(db => Task.FromResult(db.Messages.Count())));
    }
}
