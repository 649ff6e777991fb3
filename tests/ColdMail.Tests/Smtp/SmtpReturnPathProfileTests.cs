using ColdMail.Smtp;

namespace ColdMail.Tests.Smtp;

/// <summary>The same engine under the return-path profile: no AUTH, transactions from anyone.</summary>
public sealed class SmtpReturnPathProfileTests
{
    [Fact]
    public async Task EHLO_offers_STARTTLS_but_never_AUTH()
    {
        await using var plain = new SmtpDialogue(profile: SmtpListenerProfile.ReturnPath);
        await using var underTls = new SmtpDialogue(tls: true, profile: SmtpListenerProfile.ReturnPath);

        await plain.ExpectAsync(220);
        var before = await plain.CommandAsync("EHLO mx.example.org", 250);
        await underTls.ExpectAsync(220);
        var after = await underTls.CommandAsync("EHLO mx.example.org", 250);

        Assert.Contains(before.Lines, l => l[4..] == "STARTTLS");
        Assert.DoesNotContain(before.Lines, l => l[4..].StartsWith("AUTH", StringComparison.Ordinal));
        Assert.DoesNotContain(after.Lines, l => l[4..].StartsWith("AUTH", StringComparison.Ordinal));
        Assert.DoesNotContain(after.Lines, l => l.EndsWith("STARTTLS", StringComparison.Ordinal));
        Assert.Contains(after.Lines, l => l[4..] == "ENHANCEDSTATUSCODES");
    }

    [Fact]
    public async Task AUTH_is_a_command_not_implemented()
    {
        await using var dialogue = new SmtpDialogue(tls: true, profile: SmtpListenerProfile.ReturnPath);
        await dialogue.ExpectAsync(220);
        await dialogue.CommandAsync("EHLO mx.example.org", 250);

        var reply = await dialogue.CommandAsync("AUTH PLAIN AHNlbmRlckBleGFtcGxlLmNvbQBjbWtfdGVzdC1rZXk=", 502);

        Assert.Equal("5.5.1", reply.EnhancedCode);
        Assert.Empty(dialogue.Handler.Logins);
    }

    [Fact]
    public async Task A_transaction_needs_neither_login_nor_TLS()
    {
        await using var dialogue = new SmtpDialogue(profile: SmtpListenerProfile.ReturnPath);
        await dialogue.ExpectAsync(220);

        await dialogue.ReplayAsync(
            ("EHLO mx.example.org", 250),
            ("MAIL FROM:<postmaster@example.org>", 550),
            ("RCPT TO:<bounces+x@bounces.sender.test>", 503));

        // The fake policy refuses a sender it did not log in; what matters is that the engine asked it.
        Assert.Equal(["postmaster@example.org"], dialogue.Handler.MailFroms);
    }

    [Fact]
    public async Task The_submission_profile_still_wants_a_login_before_MAIL()
    {
        await using var dialogue = new SmtpDialogue(tls: true);
        await dialogue.ExpectAsync(220);
        await dialogue.CommandAsync("EHLO client.example", 250);

        await dialogue.CommandAsync("MAIL FROM:<postmaster@example.org>", 530);

        Assert.Empty(dialogue.Handler.MailFroms);
    }
}
