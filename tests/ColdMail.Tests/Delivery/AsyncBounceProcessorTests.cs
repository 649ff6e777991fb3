using System.Text;
using ColdMail.Delivery;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Delivery;

public sealed class AsyncBounceProcessorTests
{
    [Fact]
    public async Task A_report_of_an_unknown_mailbox_bounces_the_delivered_recipient_and_suppresses_it()
    {
        var (harness, mx, id, returnPath) = await DeliverAsync("alice@example.test");
        await using var _ = harness;
        await using var __ = mx;

        var bounced = await Processor(harness).ProcessAsync(returnPath,
            Report("alice@example.test", "failed", "5.1.1", "smtp; 550 5.1.1 <alice@example.test>: user unknown"),
            CancellationToken.None);

        Assert.Equal(new BounceReportResult(IsReport: true, Bounced: 1), bounced);
        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Bounced, "recipient", 550, "5.1.1"),
            (recipient.State, recipient.BounceClass, recipient.LastCode, recipient.LastEnhancedCode));
        var log = await harness.LogAsync(id);
        Assert.Equal([EmailEvents.Delivered, EmailEvents.Bounced, EmailEvents.Suppressed], log.Select(e => e.Event));
        Assert.Equal("mx.example.test", log[1].Host);
        Assert.StartsWith("Bounced after delivery:", log[1].Detail);
        Assert.Equal("alice@example.test", Assert.Single(await harness.SuppressionsAsync()).Address);
    }

    [Fact]
    public async Task A_policy_report_bounces_without_suppression()
    {
        var (harness, mx, id, returnPath) = await DeliverAsync("alice@example.test");
        await using var _ = harness;
        await using var __ = mx;

        await Processor(harness).ProcessAsync(returnPath,
            Report("alice@example.test", "failed", "5.7.1", "smtp; 550 5.7.1 rejected by content filter"),
            CancellationToken.None);

        Assert.Equal("sender", Assert.Single(await harness.RecipientsAsync(id)).BounceClass);
        Assert.Empty(await harness.SuppressionsAsync());
    }

    [Theory]
    [InlineData("delayed", "4.4.7")]
    [InlineData("delivered", "2.0.0")]
    [InlineData("failed", "4.0.0")]
    public async Task Reports_that_are_not_permanent_failures_change_nothing(string action, string status)
    {
        var (harness, mx, id, returnPath) = await DeliverAsync("alice@example.test");
        await using var _ = harness;
        await using var __ = mx;

        var bounced = await Processor(harness).ProcessAsync(returnPath,
            Report("alice@example.test", action, status, "smtp; 451 4.4.7 still trying"), CancellationToken.None);

        Assert.Equal(new BounceReportResult(IsReport: true, Bounced: 0), bounced);
        Assert.Equal(RecipientState.Delivered, Assert.Single(await harness.RecipientsAsync(id)).State);
    }

    [Fact]
    public async Task A_report_to_a_forged_return_path_or_about_a_stranger_changes_nothing()
    {
        var (harness, mx, id, returnPath) = await DeliverAsync("alice@example.test");
        await using var _ = harness;
        await using var __ = mx;
        var forged = returnPath[..10] + (returnPath[10] == 'a' ? 'b' : 'a') + returnPath[11..];
        var processor = Processor(harness);

        var viaForged = await processor.ProcessAsync(forged,
            Report("alice@example.test", "failed", "5.1.1", "smtp; 550 5.1.1 unknown"), CancellationToken.None);
        var aboutStranger = await processor.ProcessAsync(returnPath,
            Report("mallory@example.test", "failed", "5.1.1", "smtp; 550 5.1.1 unknown"), CancellationToken.None);
        var notReport = await processor.ProcessAsync(returnPath,
            Encoding.ASCII.GetBytes("From: someone@example.test\r\nSubject: Out of office\r\n\r\nAway.\r\n"),
            CancellationToken.None);

        Assert.False(processor.IsReturnPath(forged));
        Assert.True(processor.IsReturnPath(returnPath));
        Assert.Equal(BounceReportResult.NotReport, viaForged);
        Assert.Equal(new BounceReportResult(IsReport: true, Bounced: 0), aboutStranger);
        Assert.Equal(BounceReportResult.NotReport, notReport);
        Assert.Equal(RecipientState.Delivered, Assert.Single(await harness.RecipientsAsync(id)).State);
        Assert.Empty(await harness.SuppressionsAsync());
    }

    private static AsyncBounceProcessor Processor(DeliveryHarness harness) => harness.Get<AsyncBounceProcessor>();

    private static async Task<(DeliveryHarness, TestSmtpServer, Guid, string)> DeliverAsync(string recipient)
    {
        var mx = TestSmtpServer.Start();
        var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        var id = await harness.EnqueueAsync(recipient);
        await harness.RunOnceAsync();
        return (harness, mx, id, Assert.Single(mx.Messages).MailFrom);
    }

    /// <summary>A delivery status notification as a receiving MTA writes one (RFC 3464 §2, RFC 6522).</summary>
    private static byte[] Report(string recipient, string action, string status, string diagnostic) =>
        Encoding.ASCII.GetBytes($"""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.test>
            To: bounces@bounces.sender.test
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Your message could not be delivered.
            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.test
            Arrival-Date: Mon, 2 Mar 2026 09:00:05 +0000

            Final-Recipient: rfc822; {recipient}
            Original-Recipient: rfc822; {recipient}
            Action: {action}
            Status: {status}
            Remote-MTA: dns; mx.example.test
            Diagnostic-Code: {diagnostic}

            --b1--
            """.ReplaceLineEndings("\r\n"));
}
