using System.Text;
using ColdMail.Configuration;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpTransactionTests
{
    private static async Task<SmtpDialogue> LoggedInAsync(SmtpOptions? options = null)
    {
        var dialogue = new SmtpDialogue(options, tls: true);
        await dialogue.LogInAsync();
        return dialogue;
    }

    [Fact]
    public async Task A_message_reaches_the_policy_with_its_envelope()
    {
        await using var dialogue = await LoggedInAsync();

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com> SIZE=40 BODY=8BITMIME", 250),
            ("RCPT TO:<one@example.org>", 250),
            ("RCPT TO:<two@example.org>", 250),
            ("DATA", 354));
        await dialogue.SendAsync("Subject: hi\r\n\r\nHello.\r\n.\r\n");
        var reply = await dialogue.ExpectAsync(250);

        Assert.Equal("250 2.0.0 OK queued as test", reply.Text);
        var message = Encoding.UTF8.GetString(Assert.Single(dialogue.Handler.Messages));
        Assert.Equal("Subject: hi\r\n\r\nHello.\r\n", message);
        var context = Assert.Single(dialogue.Handler.MessageContexts);
        Assert.Equal("sender@example.com", context.MailFrom);
        Assert.Equal(["one@example.org", "two@example.org"], context.Recipients);
        Assert.Equal(40, context.DeclaredSize);
        Assert.True(context.IsTls);
        Assert.Equal(FakeSubmissionHandler.Sender, context.Sender);
        Assert.Null(dialogue.State.Context.MailFrom);
        Assert.Empty(dialogue.State.Context.Recipients);
    }

    [Fact]
    public async Task A_second_message_follows_in_the_same_session()
    {
        await using var dialogue = await LoggedInAsync();

        for (var i = 0; i < 2; i++)
        {
            await dialogue.ReplayAsync(("MAIL FROM:<sender@example.com>", 250), ("RCPT TO:<a@example.org>", 250),
                ("DATA", 354));
            await dialogue.SendAsync($"Subject: {i}\r\n\r\nx\r\n.\r\n");
            await dialogue.ExpectAsync(250);
        }

        Assert.Equal(2, dialogue.Handler.Messages.Count);
    }

    [Theory]
    [InlineData("MAIL FROM:<sender@example.com> SMTPUTF8", 250, null)]
    [InlineData("MAIL FROM:<sender@example.com> BODY=7BIT", 250, null)]
    [InlineData("MAIL FROM:<sender@example.com> AUTH=<>", 250, null)]
    [InlineData("MAIL FROM: <sender@example.com>", 250, null)]
    [InlineData("MAIL FROM:<sender@example.com> FOO=bar", 555, "5.5.4")]
    [InlineData("MAIL FROM:<sender@example.com> BODY=BINARYMIME", 501, "5.5.4")]
    [InlineData("MAIL FROM:<sender@example.com> SIZE=12x", 501, "5.5.4")]
    [InlineData("MAIL FROM:<sender@example.com> SMTPUTF8=yes", 501, "5.5.4")]
    [InlineData("MAIL FROM:<sender@example.com> SIZE=1 SIZE=1", 501, "5.5.4")]
    [InlineData("MAIL FROM:<sender@example.com> SIZE=99999999999999999999", 552, "5.3.4")]
    [InlineData("MAIL FROM:<sender@example.com> SIZE=999999999999999999999", 501, "5.5.4")]
    [InlineData("MAIL FROM:<sender@example.com>junk", 501, "5.5.4")]
    [InlineData("MAIL FROM:<>", 553, "5.7.1")]
    [InlineData("MAIL FROM:sender@example.com", 501, "5.1.7")]
    [InlineData("MAIL FROM:<sender@example.com>@evil.example", 501, "5.5.4")]
    [InlineData("MAIL FROM:<sender@example.com@evil.example>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<sender@[127.0.0.1]>", 553, "5.7.1")]
    [InlineData("MAIL FROM:<séndér@example.com>", 553, "5.6.7")]
    [InlineData("MAIL TO:<sender@example.com>", 501, "5.5.4")]
    [InlineData("MAIL FROM:<other@example.com>", 550, "5.7.1")]
    public async Task MAIL_checks_its_syntax_and_parameters(string command, int code, string? enhanced)
    {
        await using var dialogue = await LoggedInAsync(new SmtpOptions { Hostname = "h.test", MaxMessageSize = 1000 });

        var reply = await dialogue.CommandAsync(command, code);

        if (enhanced is not null)
        {
            Assert.Equal(enhanced, reply.EnhancedCode);
        }
        // The null sender is the policy's to refuse: the engine passes it on as an empty address.
        var reachedPolicy = dialogue.Handler.MailFroms.Count == 1;
        Assert.Equal(code is 250 or 550 || command == "MAIL FROM:<>", reachedPolicy);
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_at_MAIL()
    {
        await using var dialogue = await LoggedInAsync(new SmtpOptions { Hostname = "h.test", MaxMessageSize = 1000 });

        var reply = await dialogue.CommandAsync("MAIL FROM:<sender@example.com> SIZE=1001", 552);

        Assert.Equal("552 5.3.4 Message exceeds the maximum size of 1000 octets", reply.Text);
    }

    [Fact]
    public async Task UTF8_recipients_need_SMTPUTF8_on_MAIL()
    {
        await using var dialogue = await LoggedInAsync();

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 250),
            ("RCPT TO:<josé@exämple.org>", 553),
            ("RSET", 250),
            ("MAIL FROM:<sender@example.com> SMTPUTF8", 250),
            ("RCPT TO:<josé@exämple.org>", 250));

        Assert.Equal(["josé@exämple.org"], dialogue.Handler.Recipients);
    }

    [Theory]
    [InlineData("RCPT TO:<>", 501)]
    [InlineData("RCPT TO:<Postmaster>", 501)]
    [InlineData("RCPT TO:a@example.org", 501)]
    [InlineData("RCPT TO:<a@example.org> NOTIFY=NEVER", 555)]
    [InlineData("RCPT TO:<a@[192.0.2.1]>", 553)]
    [InlineData("RCPT TO:<a\u0001b@example.org>", 501)]
    [InlineData("RCPT FROM:<a@example.org>", 501)]
    [InlineData("RCPT TO:<@relay.example:a@example.org>", 250)]
    [InlineData("RCPT TO:<\"a b\"@example.org>", 250)]
    public async Task RCPT_checks_its_syntax(string command, int code)
    {
        await using var dialogue = await LoggedInAsync();
        await dialogue.CommandAsync("MAIL FROM:<sender@example.com>", 250);

        await dialogue.CommandAsync(command, code);

        Assert.Equal(code == 250, dialogue.Handler.Recipients.Count == 1);
    }

    [Fact]
    public async Task A_source_route_is_dropped_from_the_recipient()
    {
        await using var dialogue = await LoggedInAsync();

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 250),
            ("RCPT TO:<@relay.example,@other.example:a@example.org>", 250));

        Assert.Equal(["a@example.org"], dialogue.Handler.Recipients);
    }

    [Fact]
    public async Task Recipients_beyond_the_cap_are_deferred()
    {
        await using var dialogue = await LoggedInAsync(new SmtpOptions { Hostname = "h.test", MaxRecipients = 2 });

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 250),
            ("RCPT TO:<a@example.org>", 250),
            ("RCPT TO:<b@example.org>", 250));
        var reply = await dialogue.CommandAsync("RCPT TO:<c@example.org>", 452);

        Assert.Equal("4.5.3", reply.EnhancedCode);
        Assert.Equal(2, dialogue.Handler.Recipients.Count);
    }

    [Fact]
    public async Task DATA_after_only_refused_recipients_is_refused()
    {
        await using var dialogue = await LoggedInAsync();

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 250),
            ("RCPT TO:<refused@example.org>", 550),
            ("DATA", 554),
            ("RCPT TO:<fine@example.org>", 250),
            ("DATA", 354));
    }

    [Fact]
    public async Task Sequence_errors_name_what_is_missing()
    {
        await using var dialogue = await LoggedInAsync();

        await dialogue.ReplayAsync(
            ("RCPT TO:<a@example.org>", 503),
            ("DATA", 503),
            ("MAIL FROM:<sender@example.com>", 250),
            ("MAIL FROM:<sender@example.com>", 503));
    }

    [Fact]
    public async Task RSET_ends_the_transaction_and_tells_the_policy()
    {
        await using var dialogue = await LoggedInAsync();

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 250),
            ("RCPT TO:<a@example.org>", 250),
            ("RSET", 250),
            ("RCPT TO:<a@example.org>", 503));

        Assert.Equal(1, dialogue.Handler.Abandoned);
        Assert.Empty(dialogue.State.Context.Recipients);
    }

    [Fact]
    public async Task A_new_EHLO_ends_the_transaction_but_keeps_the_login()
    {
        await using var dialogue = await LoggedInAsync();

        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 250),
            ("EHLO again.example", 250),
            ("RCPT TO:<a@example.org>", 503),
            ("MAIL FROM:<sender@example.com>", 250));

        Assert.Equal(1, dialogue.Handler.Abandoned);
    }

    [Fact]
    public async Task QUIT_closes_and_abandons_an_open_transaction()
    {
        await using var dialogue = await LoggedInAsync();
        await dialogue.CommandAsync("MAIL FROM:<sender@example.com>", 250);

        var reply = await dialogue.CommandAsync("QUIT", 221);

        Assert.Equal("221 2.0.0 mail.test.example closing connection", reply.Text);
        Assert.Empty(await dialogue.DrainAsync());
        Assert.Equal(1, dialogue.Handler.Abandoned);
    }

    [Fact]
    public async Task A_dropped_connection_abandons_the_open_transaction()
    {
        await using var dialogue = await LoggedInAsync();
        await dialogue.ReplayAsync(("MAIL FROM:<sender@example.com>", 250), ("RCPT TO:<a@example.org>", 250),
            ("DATA", 354));
        await dialogue.SendAsync("Subject: half a message\r\n");

        await dialogue.CloseClientAsync();
        await dialogue.DrainAsync();

        Assert.Equal(1, dialogue.Handler.Abandoned);
        Assert.Empty(dialogue.Handler.Messages);
    }

    [Theory]
    [InlineData("NOOP", 250, "2.0.0")]
    [InlineData("NOOP anything", 250, "2.0.0")]
    [InlineData("VRFY someone", 252, "2.5.0")]
    [InlineData("VRFY", 501, "5.5.4")]
    [InlineData("EXPN list", 502, "5.5.1")]
    [InlineData("HELP", 214, "2.0.0")]
    [InlineData("BDAT 10 LAST", 500, "5.5.1")]
    [InlineData("FROB", 500, "5.5.1")]
    [InlineData("RSET now", 501, "5.5.4")]
    public async Task Other_verbs_answer_as_RFC_5321_says(string command, int code, string enhanced)
    {
        await using var dialogue = await LoggedInAsync();

        var reply = await dialogue.CommandAsync(command, code);

        Assert.Equal(enhanced, reply.EnhancedCode);
    }

    [Fact]
    public async Task A_policy_failure_gets_a_generic_temporary_reply_and_the_session_goes_on()
    {
        await using var dialogue = await LoggedInAsync();
        await dialogue.CommandAsync("MAIL FROM:<sender@example.com>", 250);

        var reply = await dialogue.CommandAsync("RCPT TO:<boom@example.org>", 451);

        Assert.Equal("451 4.3.0 Temporary failure, please retry (session s-test)", reply.Text);
        await dialogue.ReplayAsync(("RCPT TO:<fine@example.org>", 250), ("NOOP", 250));
    }
}
