using System.Text;
using MimeKit;

namespace ColdMail.Bench.Tests;

public sealed class MessageFactoryTests
{
    [Theory]
    [InlineData(1024)]
    [InlineData(5 * 1024)]
    [InlineData(50 * 1024)]
    // Sizes that end the body at each awkward place of a 74-octet line: after CR, after LF, one past.
    [InlineData(5120 + 1)]
    [InlineData(5120 + 2)]
    [InlineData(5120 + 37)]
    [InlineData(5120 + 73)]
    public void A_message_is_exactly_the_requested_size(int size)
    {
        var factory = new MessageFactory(size, "sink.test");

        var message = factory.Create(7, "sender01@bench.test");

        Assert.Equal(size, message.Length);
    }

    [Theory]
    [InlineData(5120 + 1)]
    [InlineData(5120 + 73)]
    [InlineData(50 * 1024)]
    public void Every_line_ends_in_CRLF_stays_short_and_never_starts_with_a_dot(int size)
    {
        var message = new MessageFactory(size, "sink.test").Create(1, "sender01@bench.test");
        var text = Encoding.ASCII.GetString([.. message.Header, .. message.Body]);

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = text[..^2].Split("\r\n");
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\n', line);
            Assert.True(line.Length <= 78, $"line of {line.Length} characters");
            Assert.False(line.StartsWith('.'), "a line starting with a dot would need dot-stuffing");
        });
    }

    [Fact]
    public void The_header_is_what_a_campaign_tool_sends_from_the_mailbox()
    {
        var message = new MessageFactory(5120, "sink.test").Create(42, "sender03@bench.test");

        var parsed = MimeMessage.Load(new MemoryStream([.. message.Header, .. message.Body]));

        Assert.Equal("sender03@bench.test", parsed.From.Mailboxes.Single().Address);
        Assert.Equal(message.Recipient, parsed.To.Mailboxes.Single().Address);
        Assert.EndsWith("@sink.test", message.Recipient, StringComparison.Ordinal);
        Assert.Contains("00000042", parsed.Subject, StringComparison.Ordinal);
        Assert.True(parsed.Date > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.EndsWith("@bench.test", parsed.MessageId, StringComparison.Ordinal);
        Assert.Equal("text/plain", parsed.Body?.ContentType.MimeType);
    }

    [Fact]
    public void Every_message_has_its_own_Message_ID()
    {
        var factory = new MessageFactory(2048, "sink.test");

        var ids = Enumerable.Range(0, 500)
            .Select(i => factory.Create(i, "sender01@bench.test"))
            .Select(m => MimeMessage.Load(new MemoryStream([.. m.Header, .. m.Body])).MessageId)
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
