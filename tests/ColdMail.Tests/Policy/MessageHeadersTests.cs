using System.Text;
using ColdMail.Policy;
using MimeKit;

namespace ColdMail.Tests.Policy;

public sealed class MessageHeadersTests
{
    private static readonly Guid Id = Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sales@acme.com")]
    [InlineData("Sales Team <sales@acme.com>")]
    [InlineData("\"Team, Sales\" <SALES@Acme.COM>")]
    [InlineData("=?utf-8?q?J=C3=B6rg?= <sales@acme.com>")]
    [InlineData("sales@ACME.com (the sales desk)")]
    public void Any_display_name_and_case_of_the_mailbox_is_a_valid_author(string from)
    {
        var result = Prepare($"From: {from}\r\nSubject: x\r\n\r\nbody\r\n");

        Assert.Null(result.Refusal);
    }

    [Theory]
    [InlineData("From: ceo@acme.com\r\n\r\nx", "550 5.7.1 Header From must be <sales@acme.com> (any display name), "
        + "not <ceo@acme.com>")]
    [InlineData("Subject: x\r\n\r\nx", "550 5.6.0 Message headers are malformed: exactly one From header is "
        + "required, found 0; send RFC 5322 headers")]
    [InlineData("From: sales@acme.com\r\nFrom: sales@acme.com\r\n\r\nx", "550 5.6.0 Message headers are malformed: "
        + "exactly one From header is required, found 2; send RFC 5322 headers")]
    [InlineData("From: sales@acme.com, ceo@acme.com\r\n\r\nx", "550 5.6.0 Message headers are malformed: the From "
        + "header must hold exactly one address; send RFC 5322 headers")]
    [InlineData("From: team: sales@acme.com;\r\n\r\nx", "550 5.6.0 Message headers are malformed: the From header "
        + "must hold exactly one address; send RFC 5322 headers")]
    [InlineData("From: sales@acme.com\r\nthis is no header\r\n\r\nx", "550 5.6.0 Message headers are malformed: a "
        + "line of the header section is not a 'Name: value' field; send RFC 5322 headers")]
    [InlineData(" From: sales@acme.com\r\n\r\nx", "550 5.6.0 Message headers are malformed: the header section "
        + "cannot be parsed; send RFC 5322 headers")]
    [InlineData("\r\nFrom: sales@acme.com\r\n", "550 5.6.0 Message headers are malformed: exactly one From header "
        + "is required, found 0; send RFC 5322 headers")]
    public void Headers_that_cannot_be_signed_as_the_mailbox_are_refused(string message, string reply)
    {
        var result = Prepare(message);

        Assert.Equal(reply + "\r\n", result.Refusal?.ToString());
    }

    [Fact]
    public void A_header_section_past_the_cap_is_refused_before_parsing()
    {
        var big = "From: sales@acme.com\r\nX-Pad: " + new string('a', MessageHeaders.MaxHeaderBytes) + "\r\n\r\nx";

        var result = Prepare(big);

        Assert.Equal("552 5.3.4 Message header section is larger than 102400 bytes; shorten the headers\r\n",
            result.Refusal?.ToString());
    }

    [Fact]
    public void Missing_Message_ID_and_Date_are_added_in_front_and_the_rest_is_kept_byte_for_byte()
    {
        var original = "From: Sales <sales@acme.com>\r\nSubject: caf\u00e9\r\n\r\nbody\r\n.\r\n";

        var result = Prepare(original);

        var expectedPrefix = $"Message-ID: <{Id:N}@acme.com>\r\nDate: Tue, 10 Mar 2026 09:30:00 +0000\r\n";
        Assert.Equal(Encoding.UTF8.GetBytes(expectedPrefix + original), result.Content);
        Assert.Equal($"<{Id:N}@acme.com>", result.HeaderMessageId);
        var parsed = MimeMessage.Load(new MemoryStream(result.Content));
        Assert.Equal($"{Id:N}@acme.com", parsed.MessageId);
        Assert.Equal(Now, parsed.Date);
    }

    [Fact]
    public void A_message_with_its_own_Message_ID_and_Date_is_stored_unchanged()
    {
        var original = "Date: Mon, 9 Mar 2026 08:00:00 +0100\r\nMessage-ID: <abc.123@tool.example>\r\n"
            + "From: sales@acme.com\r\n\r\nbody\r\n";

        var result = Prepare(original);

        Assert.Equal(Encoding.UTF8.GetBytes(original), result.Content);
        Assert.Equal("<abc.123@tool.example>", result.HeaderMessageId);
    }

    [Fact]
    public void A_message_of_headers_only_is_accepted()
    {
        var result = Prepare("From: sales@acme.com\r\nSubject: no body\r\n");

        Assert.Null(result.Refusal);
    }

    private static PreparedMessage Prepare(string message)
        => MessageHeaders.Prepare(Encoding.UTF8.GetBytes(message), "sales@acme.com", Id, Now);
}
