using System.Text;
using ColdMail.Configuration;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpDataTests
{
    private static async Task<SmtpDialogue> InDataAsync(SmtpOptions? options = null)
    {
        var dialogue = new SmtpDialogue(options, tls: true);
        await dialogue.LogInAsync();
        await dialogue.ReplayAsync(
            ("MAIL FROM:<sender@example.com>", 250),
            ("RCPT TO:<a@example.org>", 250),
            ("DATA", 354));
        return dialogue;
    }

    public static TheoryData<string> FakeTerminators => ["\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r\n.\r"];

    [Theory]
    [MemberData(nameof(FakeTerminators))]
    public async Task A_fake_terminator_never_ends_the_message(string fake)
    {
        await using var dialogue = await InDataAsync();

        // Everything after the fake terminator is a second transaction in disguise.
        await dialogue.SendAsync("Subject: one\r\n\r\nfirst" + fake +
            "MAIL FROM:<sender@example.com>\r\nRCPT TO:<victim@example.net>\r\nDATA\r\n" +
            "Subject: smuggled\r\n\r\nsecond\r\n.\r\n");
        var reply = await dialogue.ExpectAsync(554);

        Assert.Equal("5.6.0", reply.EnhancedCode);
        Assert.Empty(dialogue.Handler.Messages);
        Assert.Equal(["sender@example.com"], dialogue.Handler.MailFroms);
        Assert.Equal(["a@example.org"], dialogue.Handler.Recipients);
        Assert.Equal(1, dialogue.Handler.Abandoned);
        // The session is still in step: the next command gets the next reply.
        await dialogue.CommandAsync("NOOP", 250);
    }

    [Fact]
    public async Task Text_after_an_escaped_terminator_stays_inside_the_one_message()
    {
        await using var dialogue = await InDataAsync();

        await dialogue.SendAsync("Subject: one\r\n\r\nfirst\r\n..\r\nMAIL FROM:<sender@example.com>\r\n" +
            "RCPT TO:<victim@example.net>\r\nDATA\r\nsecond\r\n.\r\n");
        await dialogue.ExpectAsync(250);
        await dialogue.CommandAsync("NOOP", 250);

        var message = Encoding.UTF8.GetString(Assert.Single(dialogue.Handler.Messages));
        Assert.Equal("Subject: one\r\n\r\nfirst\r\n.\r\nMAIL FROM:<sender@example.com>\r\n" +
            "RCPT TO:<victim@example.net>\r\nDATA\r\nsecond\r\n", message);
        Assert.Single(dialogue.Handler.MailFroms);
    }

    [Fact]
    public async Task Dot_stuffing_is_removed()
    {
        await using var dialogue = await InDataAsync();

        await dialogue.SendAsync("..leading dot\r\n...\r\n.x\r\nmiddle . dot\r\n.\r\n");
        await dialogue.ExpectAsync(250);

        Assert.Equal(".leading dot\r\n..\r\nx\r\nmiddle . dot\r\n",
            Encoding.UTF8.GetString(Assert.Single(dialogue.Handler.Messages)));
    }

    [Fact]
    public async Task An_empty_message_ends_at_once()
    {
        await using var dialogue = await InDataAsync();

        await dialogue.SendAsync(".\r\n");
        await dialogue.ExpectAsync(250);

        Assert.Empty(Assert.Single(dialogue.Handler.Messages));
    }

    [Fact]
    public async Task The_terminator_may_arrive_one_byte_at_a_time()
    {
        await using var dialogue = await InDataAsync();

        foreach (var c in "Subject: x\r\n\r\nbody\r\n.\r\n")
        {
            await dialogue.SendAsync(c.ToString());
        }
        await dialogue.ExpectAsync(250);

        Assert.Equal("Subject: x\r\n\r\nbody\r\n", Encoding.UTF8.GetString(Assert.Single(dialogue.Handler.Messages)));
    }

    [Theory]
    [InlineData(998, 250)]
    [InlineData(999, 554)]
    public async Task A_text_line_may_be_1000_octets_with_its_CRLF(int length, int code)
    {
        await using var dialogue = await InDataAsync();

        // The stuffed dot does not count (RFC 5321 §4.5.3.1.6).
        await dialogue.SendAsync("." + new string('.', length) + "\r\n.\r\n");
        var reply = await dialogue.ExpectAsync(code);

        Assert.Equal(code == 250, dialogue.Handler.Messages.Count == 1);
        if (code != 250)
        {
            Assert.Equal("5.6.0", reply.EnhancedCode);
            await dialogue.CommandAsync("NOOP", 250);
        }
    }

    [Theory]
    [InlineData(100, 250)]
    [InlineData(101, 552)]
    public async Task A_message_over_the_size_cap_is_refused_after_its_end(int size, int code)
    {
        await using var dialogue = await InDataAsync(new SmtpOptions { Hostname = "h.test", MaxMessageSize = 100 });

        await dialogue.SendAsync(new string('x', size - 2) + "\r\n.\r\n");
        var reply = await dialogue.ExpectAsync(code);

        Assert.Equal(code == 250, dialogue.Handler.Messages.Count == 1);
        if (code != 250)
        {
            Assert.Equal("552 5.3.4 Message exceeds the maximum size of 100 octets", reply.Text);
            Assert.Equal(1, dialogue.Handler.Abandoned);
        }
    }

    [Fact]
    public async Task A_large_message_across_many_writes_arrives_whole()
    {
        await using var dialogue = await InDataAsync();
        var line = new string('a', 76) + "\r\n";
        var expected = new StringBuilder();

        for (var i = 0; i < 4000; i++)
        {
            expected.Append(line);
        }
        var text = expected.ToString();
        for (var offset = 0; offset < text.Length; offset += 7001)
        {
            await dialogue.SendAsync(text.Substring(offset, Math.Min(7001, text.Length - offset)));
        }
        await dialogue.SendAsync(".\r\n");
        await dialogue.ExpectAsync(250);

        Assert.Equal(text, Encoding.UTF8.GetString(Assert.Single(dialogue.Handler.Messages)));
    }
}
