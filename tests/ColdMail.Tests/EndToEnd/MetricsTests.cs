using MailKit.Net.Smtp;
using MimeKit;

namespace ColdMail.Tests.EndToEnd;

public sealed class MetricsTests
{
    [Fact]
    public async Task An_accepted_and_a_refused_submission_are_counted_in_metrics_by_domain()
    {
        await using var server = await EndToEndServer.StartAsync();
        // A name no other test uses: every host in this process may share the meter's listeners.
        var domain = $"m{Guid.NewGuid():N}.example";
        var sender = await server.AddSenderAsync(domain);
        using var client = await server.ConnectAsync(sender);
        await client.SendAsync(EndToEndServer.NewMessage(sender.Address, "one@example.org"));
        await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(
            EndToEndServer.NewMessage(sender.Address, "two@example.org"),
            MailboxAddress.Parse($"other@{domain}"),
            [MailboxAddress.Parse("two@example.org")]));

        using var http = new HttpClient { BaseAddress = server.HttpAddress };
        var body = await http.GetStringAsync("/metrics");

        var samples = body.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Contains(samples, l => l.StartsWith("coldmail_messages_accepted_total{", StringComparison.Ordinal)
            && l.Contains($"domain=\"{domain}\"", StringComparison.Ordinal) && l.EndsWith(" 1"));
        Assert.Contains(samples, l => l.StartsWith("coldmail_messages_rejected_total{", StringComparison.Ordinal)
            && l.Contains($"domain=\"{domain}\"", StringComparison.Ordinal) && l.EndsWith(" 1"));
    }
}
