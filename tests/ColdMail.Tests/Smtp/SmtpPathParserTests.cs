using ColdMail.Smtp;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpPathParserTests
{
    [Theory]
    [InlineData("<a@example.com>", "a@example.com")]
    [InlineData("<first.last+tag@sub.example.com>", "first.last+tag@sub.example.com")]
    [InlineData("<\"john\"@example.com>", "john@example.com")]
    [InlineData("<\"john doe\"@example.com>", "\"john doe\"@example.com")]
    [InlineData("<\"a\\\"b\"@example.com>", "\"a\\\"b\"@example.com")]
    [InlineData("<@relay.example:a@example.com>", "a@example.com")]
    [InlineData("<a@x-y.example>", "a@x-y.example")]
    public void A_valid_path_gives_its_mailbox(string text, string address)
    {
        Assert.True(SmtpPathParser.TryParse(text, false, out var path, out var consumed, out _));

        Assert.Equal(address, path.Address);
        Assert.Equal(text.Length, consumed);
    }

    [Theory]
    [InlineData("a@example.com")]
    [InlineData("<a@example.com")]
    [InlineData("<a@b@example.com>")]
    [InlineData("<a@example.com>@evil.example")]
    [InlineData("<a.@example.com>")]
    [InlineData("<.a@example.com>")]
    [InlineData("<a..b@example.com>")]
    [InlineData("<a@-example.com>")]
    [InlineData("<a@example-.com>")]
    [InlineData("<a@example..com>")]
    [InlineData("<a@example.com.>")]
    [InlineData("<a b@example.com>")]
    [InlineData("<\"unterminated@example.com>")]
    [InlineData("<\"a\u0001\"@example.com>")]
    [InlineData("<a(comment)@example.com>")]
    [InlineData("<@relay.example a@example.com>")]
    [InlineData("<postmaster>")]
    [InlineData("<>")]
    public void A_malformed_path_is_refused(string text)
    {
        var ok = SmtpPathParser.TryParse(text, false, out _, out var consumed, out var error);

        // Text after a complete path is the caller's to refuse; nothing else may pass.
        Assert.True(!ok || consumed < text.Length, $"{text} was accepted");
        Assert.True(ok || error.Length > 0);
    }

    [Fact]
    public void The_null_path_is_recognised_where_allowed()
    {
        Assert.True(SmtpPathParser.TryParse("<>", true, out var path, out var consumed, out _));

        Assert.True(path.IsNull);
        Assert.Equal(2, consumed);
    }

    [Fact]
    public void Limits_of_RFC_5321_are_enforced()
    {
        var local64 = new string('a', 64);
        Assert.True(SmtpPathParser.TryParse($"<{local64}@example.com>", false, out _, out _, out _));
        Assert.False(SmtpPathParser.TryParse($"<{local64}a@example.com>", false, out _, out _, out _));
        var label64 = new string('b', 64);
        Assert.False(SmtpPathParser.TryParse($"<a@{label64}.com>", false, out _, out _, out _));
    }

    [Fact]
    public void Non_ASCII_and_address_literals_are_flagged_for_the_caller()
    {
        Assert.True(SmtpPathParser.TryParse("<jösé@exämple.org>", false, out var utf8, out _, out _));
        Assert.True(utf8.HasNonAscii);
        Assert.True(SmtpPathParser.TryParse("<a@[192.0.2.1]>", false, out var literal, out _, out _));
        Assert.True(literal.IsAddressLiteral);
    }
}
