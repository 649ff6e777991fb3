using ColdMail.Delivery;

namespace ColdMail.Tests.Delivery;

public sealed class SmtpReplyTextTests
{
    [Theory]
    [InlineData(550, "5.1.1 No such user", "5.1.1", "No such user")]
    [InlineData(451, "4.7.1 Greylisted", "4.7.1", "Greylisted")]
    [InlineData(250, "2.0.0 Ok: queued as ABC", "2.0.0", "Ok: queued as ABC")]
    [InlineData(556, "5.1.10 No mail", "5.1.10", "No mail")]
    [InlineData(550, "No such user here", null, "No such user here")]
    [InlineData(550, "4.1.1 Class disagrees with the code", null, "4.1.1 Class disagrees with the code")]
    [InlineData(550, "5.1 Not a full code", null, "5.1 Not a full code")]
    [InlineData(550, "5.1.1234 Detail too long", null, "5.1.1234 Detail too long")]
    [InlineData(550, "", null, "")]
    public void The_enhanced_code_is_split_from_the_text_when_it_agrees_with_the_basic_code(
        int code,
        string text,
        string? enhanced,
        string rest)
    {
        Assert.Equal((enhanced, rest), SmtpReplyText.Split(code, text));
    }

    [Fact]
    public void A_multi_line_reply_reads_as_one_sentence_without_repeated_codes()
    {
        var (enhanced, text) = SmtpReplyText.Split(550, "5.7.1 Your message was blocked.\n5.7.1 See the help page.");

        Assert.Equal(("5.7.1", "Your message was blocked. See the help page."), (enhanced, text));
    }

    [Fact]
    public void Control_characters_are_removed_and_long_text_is_capped()
    {
        var (_, text) = SmtpReplyText.Split(451, "4.3.0 bad\u0007bell " + new string('x', 5000));

        Assert.DoesNotContain('\u0007', text);
        Assert.Equal(SmtpReplyText.MaxTextLength + 1, text.Length);
    }
}
