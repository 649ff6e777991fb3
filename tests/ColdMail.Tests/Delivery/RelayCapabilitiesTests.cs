using ColdMail.Delivery;

namespace ColdMail.Tests.Delivery;

public sealed class RelayCapabilitiesTests
{
    [Fact]
    public void The_extensions_of_an_EHLO_reply_are_read_and_the_greeting_line_is_not()
    {
        var capabilities = RelayCapabilities.Parse(
            "mx.example PIPELINING greets you\npipelining\nSIZE 35882577\n8BITMIME\nSMTPUTF8\nSTARTTLS\n" +
            "AUTH PLAIN login\nENHANCEDSTATUSCODES");

        Assert.True(capabilities.Pipelining);
        Assert.Equal(35882577, capabilities.Size);
        Assert.True(capabilities.EightBitMime);
        Assert.True(capabilities.SmtpUtf8);
        Assert.True(capabilities.StartTls);
        Assert.Equal(["LOGIN", "PLAIN"], capabilities.AuthMechanisms.Order());
    }

    [Fact]
    public void A_greeting_alone_offers_nothing()
    {
        var capabilities = RelayCapabilities.Parse("mx.example PIPELINING STARTTLS");

        Assert.False(capabilities.Pipelining || capabilities.StartTls || capabilities.EightBitMime);
        Assert.Null(capabilities.Size);
        Assert.Empty(capabilities.AuthMechanisms);
    }

    [Theory]
    [InlineData("SIZE", 0L)]
    [InlineData("SIZE nonsense", 0L)]
    [InlineData("SIZE 1000", 1000L)]
    public void A_size_without_a_usable_limit_is_offered_without_one(string line, long expected)
    {
        Assert.Equal(expected, RelayCapabilities.Parse("mx.example\n" + line).Size);
    }

    [Fact]
    public void The_old_AUTH_equals_form_is_understood()
    {
        Assert.Equal(["LOGIN", "PLAIN"], RelayCapabilities.Parse("mx\nAUTH=PLAIN LOGIN").AuthMechanisms.Order());
    }
}
