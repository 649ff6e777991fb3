using System.Globalization;
using System.Text;
using ColdMail.Logs;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ColdMail.Tests.EndToEnd;

/// <summary>The server as its own process, killed with SIGKILL and started again on the same data.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task A_message_acknowledged_before_the_server_was_killed_is_delivered_whole_after_a_restart()
    {
        await using var mx = TestSmtpServer.Start();
        var greeting = mx.Greeting;
        mx.Greeting = "421 4.3.2 Not now, try again shortly";
        var settings = new Dictionary<string, string?>
        {
            ["ColdMail:Delivery:RemotePort"] = mx.Port.ToString(CultureInfo.InvariantCulture),
            ["ColdMail:Delivery:RetrySchedule:0"] = "00:00:01",
            ["ColdMail:Delivery:PollIntervalSeconds"] = "1",
        };
        await using var installation = await EndToEndServer.StartAsync(extra: settings, hosted: false);
        installation.Dns.AddMx("dest.example", 10, "mx1.dest.example");
        installation.Dns.AddA("mx1.dest.example", mx.Address);
        var sender = await installation.AddSenderAsync("acme.example");
        // Larger than a page or a socket buffer, so a torn or partial body could not pass for a whole one.
        var lines = Enumerable.Range(0, 2000).Select(i => $"Line {i} of a body that must arrive whole.").ToList();
        var message = EndToEndServer.NewMessage(sender.Address, "ceo@dest.example", "Survives a kill");
        message.Body = new TextPart("plain") { Text = string.Join("\n", lines) };

        string id;
        await using (var first = await ServeProcess.StartAsync(installation.Settings))
        {
            using var client = await installation.ConnectAsync(sender);
            id = EndToEndServer.QueueId(await client.SendAsync(message));
            // The first attempt met the 421, so nothing was sent and the recipient waits for its retry.
            await LoggedAsync(installation, id, EmailEvents.Deferred, first);
            await first.KillAsync();
        }
        mx.Greeting = greeting;

        await using var restarted = await ServeProcess.StartAsync(installation.Settings);
        await LoggedAsync(installation, id, EmailEvents.Delivered, restarted);

        var received = Encoding.ASCII.GetString(Assert.Single(mx.Messages).Data);
        Assert.Contains("Subject: Survives a kill\r\n", received);
        Assert.Contains(string.Join("\r\n", lines), received);
        Assert.StartsWith("DKIM-Signature: ", received);
    }

    private static async Task LoggedAsync(EndToEndServer installation, string id, string @event, ServeProcess server)
    {
        var messageId = Guid.ParseExact(id, "N");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await installation.QueryAsync(db => db.EmailLog.AnyAsync(e => e.MessageId == messageId
            && e.Event == @event)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No '{@event}' entry for {id} within 60 s:\n{server.Output}");
            await Task.Delay(20);
        }
    }
}
