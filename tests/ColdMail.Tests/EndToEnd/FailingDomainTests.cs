using ColdMail.Storage.Entities;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.EndToEnd;

public sealed class FailingDomainTests
{
    private const int GraceHours = 72;

    [Fact]
    public async Task A_domain_whose_SPF_broke_sends_within_the_grace_period_and_is_refused_after_it()
    {
        // The verbs stamp the failure with the real clock; the server's clock starts there too.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await EndToEndServer.StartAsync(
            services => services.AddSingleton<TimeProvider>(time),
            new Dictionary<string, string?> { ["ColdMail:Domains:FailingGraceHours"] = $"{GraceHours}" });
        var sender = await server.AddSenderAsync("acme.example");

        server.Dns.Remove("acme.example", "TXT");
        server.Dns.AddTxt("acme.example", "v=spf1 ip4:198.51.100.7 -all", ttl: 0);
        var verify = await server.Cli.RunAsync("domain", "verify", "acme.example");
        var state = await server.QueryAsync(db => db.Domains.AsNoTracking()
            .Where(d => d.Name == "acme.example").Select(d => d.VerificationState).SingleAsync());
        Assert.Equal(DomainVerificationState.Failing, state);
        Assert.NotEqual(0, verify.ExitCode);

        using (var client = await server.ConnectAsync(sender))
        {
            var reply = await client.SendAsync(EndToEndServer.NewMessage(sender.Address, "one@example.org"));
            Assert.Contains("queued as", reply);
        }

        time.Advance(TimeSpan.FromHours(GraceHours) + TimeSpan.FromMinutes(1));
        using var late = await server.ConnectAsync(sender);
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            late.SendAsync(EndToEndServer.NewMessage(sender.Address, "two@example.org")));

        Assert.Equal(SmtpErrorCode.SenderNotAccepted, refused.ErrorCode);
        Assert.Equal(550, (int)refused.StatusCode);
        Assert.StartsWith("5.7.1 Domain acme.example fails DNS authentication since ", refused.Message);
        Assert.Contains("72-hour grace period is over; fix its SPF, DKIM and DMARC records", refused.Message);
        Assert.Equal(1, await server.QueryAsync(db => db.Messages.CountAsync()));
    }
}
