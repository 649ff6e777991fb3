using System.Globalization;
using ColdMail.Delivery;
using ColdMail.Hosting;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ColdMail.Tests.Delivery;

/// <summary>
/// The return-path listener of the real <c>serve</c> host, on a free port, against a message delivered
/// through the queue: reports arrive over a socket from MailKit as a remote MTA would send them.
/// </summary>
public sealed class ReturnPathListenerTests
{
    private const string Recipient = "alice@example.test";

    [Theory]
    [InlineData(SecureSocketOptions.None)]
    [InlineData(SecureSocketOptions.StartTls)]
    public async Task A_report_from_the_null_sender_bounces_the_recipient_and_suppresses_it(
        SecureSocketOptions security)
    {
        await using var lab = await Lab.StartAsync();
        using var client = await lab.ConnectAsync(security);

        var reply = await client.SendAsync(Report(Recipient), NullSender, [MailboxAddress.Parse(lab.ReturnPath)]);
        var secure = client.IsSecure;
        await client.DisconnectAsync(true);

        Assert.StartsWith("2.0.0 Delivery status notification received", reply);
        Assert.Equal(security == SecureSocketOptions.StartTls, secure);
        var recipient = Assert.Single(await lab.Harness.RecipientsAsync(lab.MessageId));
        Assert.Equal((RecipientState.Bounced, "recipient", "5.1.1"),
            (recipient.State, recipient.BounceClass, recipient.LastEnhancedCode));
        var log = await lab.Harness.LogAsync(lab.MessageId);
        Assert.Equal([EmailEvents.Delivered, EmailEvents.Bounced, EmailEvents.Suppressed], log.Select(e => e.Event));
        Assert.Equal(Recipient, Assert.Single(await lab.Harness.SuppressionsAsync()).Address);
    }

    [Fact]
    public async Task A_reported_bounce_counts_towards_the_domains_auto_pause()
    {
        await using var lab = await Lab.StartAsync(new Dictionary<string, string?>
        {
            // One outcome is enough here, and the window reaches back to the harness's past clock.
            ["ColdMail:Domains:AutoPause:MinimumSample"] = "1",
            ["ColdMail:Domains:AutoPause:HardBounceThreshold"] = "1",
            ["ColdMail:Domains:AutoPause:WindowHours"] = "100000",
        });
        using var client = await lab.ConnectAsync(SecureSocketOptions.None);

        await client.SendAsync(Report(Recipient), NullSender, [MailboxAddress.Parse(lab.ReturnPath)]);
        await client.DisconnectAsync(true);

        await using var db = lab.Harness.Instance.Database.CreateContext();
        var domain = await db.Domains.SingleAsync();
        Assert.NotNull(domain.PausedAt);
        Assert.Equal("system", domain.PausedBy);
        Assert.Contains("Hard-bounce rate 100%", domain.PauseReason);
    }

    [Fact]
    public async Task A_return_path_with_a_forged_token_is_refused_at_RCPT_as_no_such_user()
    {
        await using var lab = await Lab.StartAsync();
        using var client = await lab.ConnectAsync(SecureSocketOptions.None);
        var at = lab.ReturnPath.IndexOf('@');
        // Change one character of the token's tag: the address keeps its form but no longer verifies.
        var forged = lab.ReturnPath[..(at - 1)] + (lab.ReturnPath[at - 1] == 'a' ? 'b' : 'a') + lab.ReturnPath[at..];

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            client.SendAsync(Report(Recipient), NullSender, [MailboxAddress.Parse(forged)]));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, error.StatusCode);
        Assert.Contains("No such user", error.Message);
        Assert.Equal(RecipientState.Delivered, Assert.Single(await lab.Harness.RecipientsAsync(lab.MessageId)).State);
    }

    [Fact]
    public async Task A_message_that_is_not_a_report_is_refused_and_changes_nothing()
    {
        await using var lab = await Lab.StartAsync();
        using var client = await lab.ConnectAsync(SecureSocketOptions.None);
        var autoReply = new MimeMessage();
        autoReply.From.Add(MailboxAddress.Parse(Recipient));
        autoReply.To.Add(MailboxAddress.Parse(lab.ReturnPath));
        autoReply.Subject = "Out of office";
        autoReply.Body = new TextPart("plain") { Text = "Away until Monday. 550 5.1.1 user unknown\n" };

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(autoReply,
            MailboxAddress.Parse(Recipient), [MailboxAddress.Parse(lab.ReturnPath)]));

        Assert.Equal(SmtpErrorCode.MessageNotAccepted, error.ErrorCode);
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, error.StatusCode);
        Assert.Contains("delivery status notifications", error.Message);
        Assert.Equal(RecipientState.Delivered, Assert.Single(await lab.Harness.RecipientsAsync(lab.MessageId)).State);
        Assert.Empty(await lab.Harness.SuppressionsAsync());
    }

    [Fact]
    public async Task AUTH_is_not_advertised_before_or_after_STARTTLS()
    {
        await using var lab = await Lab.StartAsync();
        using var plain = await lab.ConnectAsync(SecureSocketOptions.None);
        using var secure = await lab.ConnectAsync(SecureSocketOptions.StartTls);

        Assert.True(plain.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
        Assert.False(plain.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        Assert.True(secure.IsSecure);
        Assert.False(secure.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        Assert.Empty(secure.AuthenticationMechanisms);
    }

    [Fact]
    public async Task The_submission_listener_beside_it_still_wants_a_login_before_MAIL()
    {
        await using var lab = await Lab.StartAsync();
        using var client = await lab.ConnectAsync(SecureSocketOptions.StartTls, lab.SubmissionPort);

        // MailKit turns the 530 to MAIL into its own exception type.
        var error = await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() =>
            client.SendAsync(Report(Recipient), NullSender, [MailboxAddress.Parse(lab.ReturnPath)]));

        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        Assert.StartsWith("5.7.0 Authentication required", error.Message);
        Assert.Equal(RecipientState.Delivered, Assert.Single(await lab.Harness.RecipientsAsync(lab.MessageId)).State);
    }

    /// <summary>MailKit writes an empty address as the null reverse-path <c>MAIL FROM:&lt;&gt;</c>.</summary>
    private static readonly MailboxAddress NullSender = new(string.Empty, string.Empty);

    /// <summary>A delivery status notification as a receiving MTA writes one (RFC 3464 §2, RFC 6522).</summary>
    private static MimeMessage Report(string recipient)
    {
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", "dns; mx.example.test" } };
        var perRecipient = new HeaderList
        {
            { "Final-Recipient", $"rfc822; {recipient}" },
            { "Action", "failed" },
            { "Status", "5.1.1" },
            { "Diagnostic-Code", $"smtp; 550 5.1.1 <{recipient}>: user unknown" },
        };
        status.StatusGroups.Add(perMessage);
        status.StatusGroups.Add(perRecipient);
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "Your message could not be delivered.\n" },
            status,
        };
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@mx.example.test"));
        message.To.Add(MailboxAddress.Parse("bounces@bounces.sender.test"));
        message.Subject = "Undelivered Mail Returned to Sender";
        message.Body = report;
        return message;
    }

    /// <summary>A message delivered through the queue, and <c>serve</c> on the same database.</summary>
    private sealed class Lab : IAsyncDisposable
    {
        private readonly TestSmtpServer _mx;
        private readonly WebApplication _app;

        private Lab(DeliveryHarness harness, TestSmtpServer mx, WebApplication app, (int, int) ports, Guid id,
            string path)
        {
            Harness = harness;
            _mx = mx;
            _app = app;
            (Port, SubmissionPort) = ports;
            MessageId = id;
            ReturnPath = path;
        }

        public DeliveryHarness Harness { get; }

        public int Port { get; }

        public int SubmissionPort { get; }

        public Guid MessageId { get; }

        public string ReturnPath { get; }

        public static async Task<Lab> StartAsync(IReadOnlyDictionary<string, string?>? extraSettings = null)
        {
            var mx = TestSmtpServer.Start();
            var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
            harness.RouteTo("example.test", mx);
            var id = await harness.EnqueueAsync(Recipient);
            await harness.RunOnceAsync();
            var returnPath = Assert.Single(mx.Messages).MailFrom;
            Assert.Equal(RecipientState.Delivered, Assert.Single(await harness.RecipientsAsync(id)).State);

            var port = FreePort.Next();
            var submissionPort = FreePort.Next();
            var settings = new Dictionary<string, string?>(harness.Instance.Settings)
            {
                ["ColdMail:Http:Urls"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["ColdMail:Smtp:ListenAddress"] = "127.0.0.1",
                ["ColdMail:Smtp:StartTlsPort"] = submissionPort.ToString(CultureInfo.InvariantCulture),
                ["ColdMail:Smtp:ImplicitTlsPort"] = "0",
                ["ColdMail:Delivery:BounceListenerPort"] = port.ToString(CultureInfo.InvariantCulture),
                // The harness's clock stands in the past; the real one of serve must not purge its message.
                ["ColdMail:Logs:RetentionDays"] = "36500",
            };
            foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }
            var app = ServeHost.Build(null, [], settings);
            await app.StartAsync();
            return new Lab(harness, mx, app, (port, submissionPort), id, returnPath);
        }

        public async Task<SmtpClient> ConnectAsync(SecureSocketOptions security, int? port = null)
        {
            var client = new SmtpClient
            {
                // The server's certificate is the self-signed one it made in its data directory.
                ServerCertificateValidationCallback = (_, _, _, _) => true,
                Timeout = 10_000,
            };
            await client.ConnectAsync("127.0.0.1", port ?? Port, security);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            await Harness.DisposeAsync();
            await _mx.DisposeAsync();
        }
    }
}
