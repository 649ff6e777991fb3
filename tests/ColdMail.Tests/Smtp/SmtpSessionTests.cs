using System.Text;
using ColdMail.Configuration;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpSessionTests
{
    [Fact]
    public async Task Pipelined_commands_are_answered_in_order()
    {
        await using var dialogue = new SmtpDialogue(tls: true);
        await dialogue.LogInAsync();

        await dialogue.SendAsync("MAIL FROM:<sender@example.com>\r\nRCPT TO:<a@example.org>\r\n" +
            "RCPT TO:<refused@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
        int[] codes = [250, 250, 550, 250, 354];
        foreach (var code in codes)
        {
            await dialogue.ExpectAsync(code);
        }
        await dialogue.SendAsync("Subject: x\r\n\r\ny\r\n.\r\nRSET\r\nNOOP\r\nQUIT\r\n");
        foreach (var code in (int[])[250, 250, 250, 221])
        {
            await dialogue.ExpectAsync(code);
        }

        Assert.Single(dialogue.Handler.Messages);
        Assert.Empty(await dialogue.DrainAsync());
    }

    [Fact]
    public async Task Commands_pipelined_after_STARTTLS_are_discarded()
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);
        await dialogue.CommandAsync("EHLO client.example", 250);

        await dialogue.SendAsync("STARTTLS\r\nAUTH PLAIN AHNlbmRlckBleGFtcGxlLmNvbQBrZXk=\r\nHELP\r\n");
        await dialogue.ExpectAsync(220);
        var ehlo = await dialogue.CommandAsync("EHLO client.example", 250);

        Assert.Equal(1, dialogue.TlsStarts);
        Assert.Contains("250 AUTH PLAIN LOGIN", ehlo.Lines);
        Assert.Empty(dialogue.Handler.Logins);
        await dialogue.CommandAsync("STARTTLS", 503);
    }

    [Fact]
    public async Task STARTTLS_starts_the_session_over()
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);

        await dialogue.ReplayAsync(("EHLO client.example", 250), ("STARTTLS", 220), ("MAIL FROM:<a@b.example>", 503));

        Assert.True(dialogue.State.IsTls);
        Assert.Null(dialogue.State.ClientName);
    }

    [Fact]
    public async Task STARTTLS_takes_no_parameters()
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);

        await dialogue.ReplayAsync(("EHLO client.example", 250), ("STARTTLS now", 501));

        Assert.Equal(0, dialogue.TlsStarts);
    }

    [Fact]
    public async Task A_command_line_over_512_octets_is_refused_and_the_rest_discarded()
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);

        // 600 octets in two writes: the first already breaks the limit, the second is its tail.
        await dialogue.SendAsync("NOOP " + new string('a', 550));
        var reply = await dialogue.ExpectAsync(500);
        await dialogue.SendAsync(new string('b', 43) + "\r\nNOOP\r\n");
        await dialogue.ExpectAsync(250);

        Assert.Equal("500 5.5.2 Line too long", reply.Text);
    }

    [Theory]
    [InlineData(510, 250)]
    [InlineData(511, 500)]
    public async Task A_command_line_may_be_512_octets_with_its_CRLF(int length, int code)
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);

        await dialogue.CommandAsync("NOOP " + new string('a', length - 5), code);
        await dialogue.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task A_command_ending_in_a_bare_LF_is_refused()
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);

        await dialogue.SendAsync("NOOP\n");
        var reply = await dialogue.ExpectAsync(500);

        Assert.Equal("5.5.2", reply.EnhancedCode);
    }

    [Fact]
    public async Task Too_many_errors_close_the_session()
    {
        await using var dialogue = new SmtpDialogue(new SmtpOptions { Hostname = "h.test", MaxErrors = 3 });
        await dialogue.ExpectAsync(220);

        await dialogue.SendAsync("FOO\r\nBAR\r\nNOOP\r\nBAZ\r\nNOOP\r\n");
        await dialogue.ExpectAsync(500);
        await dialogue.ExpectAsync(500);
        await dialogue.ExpectAsync(250);
        await dialogue.ExpectAsync(500);
        var closing = await dialogue.ExpectAsync(421);

        Assert.Equal("421 4.7.0 Too many errors, closing connection", closing.Text);
        Assert.Empty(await dialogue.DrainAsync());
    }

    [Fact]
    public async Task An_idle_client_is_told_and_disconnected()
    {
        await using var dialogue = new SmtpDialogue(new SmtpOptions { Hostname = "h.test", IdleTimeoutSeconds = 60 });
        await dialogue.ExpectAsync(220);

        dialogue.Time.Advance(TimeSpan.FromSeconds(60));
        var reply = await dialogue.ExpectAsync(421);

        Assert.Equal("4.4.2", reply.EnhancedCode);
        Assert.Empty(await dialogue.DrainAsync());
    }

    [Fact]
    public async Task A_busy_session_still_ends_at_the_session_limit()
    {
        var options = new SmtpOptions { Hostname = "h.test", IdleTimeoutSeconds = 60, SessionTimeoutSeconds = 100 };
        await using var dialogue = new SmtpDialogue(options);
        await dialogue.ExpectAsync(220);

        dialogue.Time.Advance(TimeSpan.FromSeconds(50));
        await dialogue.CommandAsync("NOOP", 250);
        dialogue.Time.Advance(TimeSpan.FromSeconds(50));
        var reply = await dialogue.ExpectAsync(421);

        Assert.Equal("4.4.2", reply.EnhancedCode);
        Assert.Contains("Session time limit", reply.Text);
    }

    [Fact]
    public async Task Shutdown_says_something_different_from_a_timeout()
    {
        await using var dialogue = new SmtpDialogue(tls: true);
        await dialogue.LogInAsync();
        await dialogue.CommandAsync("MAIL FROM:<sender@example.com>", 250);

        dialogue.Shutdown();
        var reply = await dialogue.ExpectAsync(421);

        Assert.Equal("421 4.3.2 Service shutting down, please retry later", reply.Text);
        Assert.Empty(await dialogue.DrainAsync());
        Assert.Equal(1, dialogue.Handler.Abandoned);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_command_is_a_syntax_error()
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);

        await dialogue.SendAsync([.. Encoding.ASCII.GetBytes("NOOP "), 0xff, 0xfe, (byte)'\r', (byte)'\n']);
        var reply = await dialogue.ExpectAsync(501);

        Assert.Equal("5.5.2", reply.EnhancedCode);
    }
}
