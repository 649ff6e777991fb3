using System.Text;
using Microsoft.Extensions.Logging;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpLoggingTests
{
    [Fact]
    public async Task Credentials_never_reach_the_log_whatever_the_mechanism()
    {
        var logger = new RecordingLogger();
        await using var dialogue = new SmtpDialogue(tls: true, logger: logger);
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"\0{FakeSubmissionHandler.Address}\0{FakeSubmissionHandler.Key}"));
        var user = Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeSubmissionHandler.Address));
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeSubmissionHandler.Key));
        await dialogue.ExpectAsync(220);

        await dialogue.ReplayAsync(
            ("EHLO client.example", 250),
            ("AUTH PLAIN", 334),
            (plain, 235),
            ("EHLO client.example", 250));
        await using var second = new SmtpDialogue(tls: true, logger: logger);
        await second.ExpectAsync(220);
        await second.ReplayAsync(("EHLO c.example", 250), ("AUTH LOGIN " + user, 334), (key, 235));

        var text = string.Join("\n", logger.Entries.Select(entry => entry.Text));
        Assert.Contains("AUTH PLAIN", text);
        Assert.Contains("***", text);
        Assert.DoesNotContain(plain, text);
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain(FakeSubmissionHandler.Key, text);
    }

    [Fact]
    public async Task A_failure_is_logged_once_as_an_error_and_the_client_learns_only_the_session_id()
    {
        var logger = new RecordingLogger();
        await using var dialogue = new SmtpDialogue(tls: true, logger: logger);
        await dialogue.LogInAsync();
        await dialogue.ReplayAsync(("MAIL FROM:<sender@example.com>", 250), ("RCPT TO:<a@example.org>", 250),
            ("DATA", 354));

        await dialogue.SendAsync("X-Boom: yes\r\n\r\nbody\r\n.\r\n");
        var reply = await dialogue.ExpectAsync(451);

        Assert.Equal("451 4.3.0 Temporary failure, please retry (session s-test)", reply.Text);
        var error = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Error);
        Assert.IsType<IOException>(error.Exception);
        Assert.Equal(1, dialogue.Handler.Abandoned);
        await dialogue.ReplayAsync(("MAIL FROM:<sender@example.com>", 250), ("NOOP", 250));
    }
}
