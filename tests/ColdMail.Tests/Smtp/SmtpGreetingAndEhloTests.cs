using ColdMail.Configuration;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpGreetingAndEhloTests
{
    [Fact]
    public async Task The_greeting_names_the_host_and_no_software()
    {
        await using var dialogue = new SmtpDialogue();

        var greeting = await dialogue.ExpectAsync(220);

        Assert.Equal("220 mail.test.example ESMTP ready", greeting.Text);
    }

    [Fact]
    public async Task EHLO_before_TLS_offers_STARTTLS_and_not_AUTH()
    {
        await using var dialogue = new SmtpDialogue(new SmtpOptions { Hostname = "mx.test", MaxMessageSize = 1234 });
        await dialogue.ExpectAsync(220);

        var ehlo = await dialogue.CommandAsync("EHLO client.example", 250);

        Assert.Equal(
            ["250-mx.test", "250-PIPELINING", "250-SIZE 1234", "250-8BITMIME", "250-SMTPUTF8",
                "250-ENHANCEDSTATUSCODES", "250 STARTTLS"],
            ehlo.Lines);
    }

    [Fact]
    public async Task EHLO_under_TLS_offers_AUTH_and_not_STARTTLS()
    {
        await using var dialogue = new SmtpDialogue(tls: true);
        await dialogue.ExpectAsync(220);

        var ehlo = await dialogue.CommandAsync("ehlo client.example", 250);

        Assert.Contains("250 AUTH PLAIN LOGIN", ehlo.Lines);
        Assert.DoesNotContain(ehlo.Lines, line => line.Contains("STARTTLS"));
    }

    [Theory]
    [InlineData("EHLO")]
    [InlineData("EHLO two words")]
    [InlineData("HELO")]
    public async Task A_greeting_without_one_host_name_is_refused(string command)
    {
        await using var dialogue = new SmtpDialogue();
        await dialogue.ExpectAsync(220);

        var reply = await dialogue.CommandAsync(command, 501);

        Assert.Equal("5.5.4", reply.EnhancedCode);
    }

    [Fact]
    public async Task HELO_gets_a_one_line_reply_and_no_extensions()
    {
        await using var dialogue = new SmtpDialogue(tls: true);
        await dialogue.ExpectAsync(220);

        var helo = await dialogue.CommandAsync("HELO client.example", 250);

        Assert.Equal("250 mail.test.example", helo.Text);
        var auth = await dialogue.CommandAsync("AUTH PLAIN", 503);
        Assert.Equal("5.5.1", auth.EnhancedCode);
    }

    [Fact]
    public async Task Commands_before_EHLO_are_out_of_sequence()
    {
        await using var dialogue = new SmtpDialogue(tls: true);
        await dialogue.ExpectAsync(220);

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 503),
            ("RCPT TO:<a@example.org>", 503),
            ("DATA", 503),
            ("STARTTLS", 503),
            ("NOOP", 250),
            ("RSET", 250));
    }
}
