using System.Text;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpAuthTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static readonly string Plain = B64($"\0{FakeSubmissionHandler.Address}\0{FakeSubmissionHandler.Key}");

    private static async Task<SmtpDialogue> GreetedAsync(bool tls = true)
    {
        var dialogue = new SmtpDialogue(tls: tls);
        await dialogue.ExpectAsync(220);
        await dialogue.CommandAsync("EHLO client.example", 250);
        return dialogue;
    }

    [Fact]
    public async Task AUTH_before_TLS_is_refused_and_never_reaches_the_policy()
    {
        await using var dialogue = await GreetedAsync(tls: false);

        var reply = await dialogue.CommandAsync("AUTH PLAIN " + Plain, 530);

        Assert.Equal("530 5.7.0 Must issue a STARTTLS command first", reply.Text);
        Assert.Empty(dialogue.Handler.Logins);
    }

    [Fact]
    public async Task MAIL_without_AUTH_is_refused()
    {
        await using var dialogue = await GreetedAsync();

        var reply = await dialogue.CommandAsync("MAIL FROM:<sender@example.com>", 530);

        Assert.Equal("530 5.7.0 Authentication required", reply.Text);
        Assert.Empty(dialogue.Handler.MailFroms);
    }

    [Fact]
    public async Task MAIL_before_TLS_asks_for_STARTTLS()
    {
        await using var dialogue = await GreetedAsync(tls: false);

        var reply = await dialogue.CommandAsync("MAIL FROM:<sender@example.com>", 530);

        Assert.Contains("STARTTLS", reply.Text);
    }

    [Fact]
    public async Task AUTH_PLAIN_with_an_initial_response_logs_in()
    {
        await using var dialogue = await GreetedAsync();

        var reply = await dialogue.CommandAsync("AUTH PLAIN " + Plain, 235);

        Assert.Equal("235 2.7.0 Authentication succeeded", reply.Text);
        var login = Assert.Single(dialogue.Handler.Logins);
        Assert.Equal((FakeSubmissionHandler.Address, FakeSubmissionHandler.Key), login);
        Assert.Equal(FakeSubmissionHandler.Sender, dialogue.State.Context.Sender);
    }

    [Fact]
    public async Task AUTH_PLAIN_without_an_initial_response_asks_for_one()
    {
        await using var dialogue = await GreetedAsync();

        var challenge = await dialogue.CommandAsync("AUTH PLAIN", 334);
        Assert.Equal("334 ", challenge.Text);
        await dialogue.CommandAsync(Plain, 235);
    }

    [Fact]
    public async Task AUTH_LOGIN_asks_for_the_user_name_then_the_password()
    {
        await using var dialogue = await GreetedAsync();

        var user = await dialogue.CommandAsync("AUTH LOGIN", 334);
        Assert.Equal("Username:", Encoding.ASCII.GetString(Convert.FromBase64String(user.Text[4..])));
        var password = await dialogue.CommandAsync(B64(FakeSubmissionHandler.Address), 334);
        Assert.Equal("Password:", Encoding.ASCII.GetString(Convert.FromBase64String(password.Text[4..])));
        await dialogue.CommandAsync(B64(FakeSubmissionHandler.Key), 235);
    }

    [Fact]
    public async Task AUTH_LOGIN_with_the_user_name_given_asks_only_for_the_password()
    {
        await using var dialogue = await GreetedAsync();

        await dialogue.ReplayAsync(
            ("AUTH login " + B64(FakeSubmissionHandler.Address), 334),
            (B64(FakeSubmissionHandler.Key), 235),
            ("MAIL FROM:<sender@example.com>", 250));
    }

    [Theory]
    [InlineData("AUTH PLAIN")]
    [InlineData("AUTH LOGIN")]
    public async Task A_star_cancels_the_exchange(string command)
    {
        await using var dialogue = await GreetedAsync();

        await dialogue.CommandAsync(command, 334);
        var reply = await dialogue.CommandAsync("*", 501);

        Assert.Equal("5.7.0", reply.EnhancedCode);
        Assert.Empty(dialogue.Handler.Logins);
        await dialogue.CommandAsync("NOOP", 250);
    }

    [Theory]
    [InlineData("AUTH PLAIN not-base64!")]
    [InlineData("AUTH PLAIN =")]
    [InlineData("AUTH PLAIN dXNlcg==")]
    public async Task An_undecodable_response_is_refused(string command)
    {
        await using var dialogue = await GreetedAsync();

        var reply = await dialogue.CommandAsync(command, 501);

        Assert.Equal("5.5.2", reply.EnhancedCode);
        Assert.Empty(dialogue.Handler.Logins);
    }

    [Fact]
    public async Task An_unknown_mechanism_is_refused()
    {
        await using var dialogue = await GreetedAsync();

        var reply = await dialogue.CommandAsync("AUTH CRAM-MD5", 504);

        Assert.Equal("5.5.4", reply.EnhancedCode);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_MAIL_stays_closed()
    {
        await using var dialogue = await GreetedAsync();

        var reply = await dialogue.CommandAsync("AUTH PLAIN " + B64($"\0{FakeSubmissionHandler.Address}\0wrong"), 535);

        Assert.Equal("5.7.8", reply.EnhancedCode);
        await dialogue.CommandAsync("MAIL FROM:<sender@example.com>", 530);
    }

    [Fact]
    public async Task A_second_AUTH_is_refused()
    {
        await using var dialogue = await GreetedAsync();

        await dialogue.ReplayAsync(("AUTH PLAIN " + Plain, 235), ("AUTH PLAIN " + Plain, 503));

        Assert.Single(dialogue.Handler.Logins);
    }

    [Fact]
    public async Task AUTH_inside_a_transaction_is_refused()
    {
        await using var dialogue = await GreetedAsync();

        await dialogue.ReplayAsync(
            ("AUTH PLAIN " + Plain, 235),
            ("MAIL FROM:<sender@example.com>", 250),
            ("AUTH PLAIN " + Plain, 503));
    }

    [Fact]
    public async Task A_PLAIN_authorization_identity_of_another_mailbox_is_refused()
    {
        await using var dialogue = await GreetedAsync();

        var other = B64($"boss@example.com\0{FakeSubmissionHandler.Address}\0{FakeSubmissionHandler.Key}");
        await dialogue.CommandAsync("AUTH PLAIN " + other, 535);

        Assert.Empty(dialogue.Handler.Logins);
    }
}
