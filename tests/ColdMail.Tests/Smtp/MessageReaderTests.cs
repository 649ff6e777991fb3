using System.Buffers;
using System.Text;
using ColdMail.Smtp;

namespace ColdMail.Tests.Smtp;

public sealed class MessageReaderTests
{
    private static (bool Ended, MessageReadResult Result, string Content, int Consumed) Read(
        string input,
        long maxSize = 1_000_000,
        int chunk = int.MaxValue)
    {
        var reader = new MessageReader();
        using var buffer = new MessageBuffer();
        reader.Start(buffer, null, maxSize);
        var bytes = Encoding.ASCII.GetBytes(input);
        var offset = 0;
        while (offset < bytes.Length)
        {
            var length = Math.Min(chunk, bytes.Length - offset);
            var sequence = new ReadOnlySequence<byte>(bytes, offset, length);
            if (reader.TryRead(sequence, out var end))
            {
                offset += (int)sequence.Slice(0, end).Length;
                return (true, reader.Result, Encoding.ASCII.GetString(buffer.Memory.Span), offset);
            }
            offset += length;
        }
        return (false, reader.Result, Encoding.ASCII.GetString(buffer.Memory.Span), offset);
    }

    [Theory]
    [InlineData("\n.\n")]
    [InlineData("\r.\r")]
    [InlineData("\n.\r\n")]
    [InlineData("\r\n.\n")]
    [InlineData("\r\n.\r")]
    [InlineData("\r\n.\r\r\n")]
    public void A_fake_terminator_does_not_end_the_content(string fake)
    {
        foreach (var chunk in (int[])[1, 2, 3, int.MaxValue])
        {
            var read = Read("a" + fake + "b", chunk: chunk);

            Assert.False(read.Ended);
            Assert.Equal(MessageReadResult.BareLineEnding, read.Result);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(int.MaxValue)]
    public void Only_CRLF_dot_CRLF_ends_it_and_nothing_after_is_consumed(int chunk)
    {
        var read = Read("a\r\n..b\r\n.\r\nMAIL FROM:<x@y.z>\r\n", chunk: chunk);

        Assert.True(read.Ended);
        Assert.Equal(MessageReadResult.Complete, read.Result);
        Assert.Equal("a\r\n.b\r\n", read.Content);
        Assert.Equal("a\r\n..b\r\n.\r\n".Length, read.Consumed);
    }

    [Fact]
    public void Content_past_the_cap_is_not_kept()
    {
        var read = Read(new string('x', 50) + "\r\n" + new string('y', 50) + "\r\n.\r\n", maxSize: 60);

        Assert.True(read.Ended);
        Assert.Equal(MessageReadResult.TooBig, read.Result);
        Assert.True(read.Content.Length <= 60);
    }

    [Fact]
    public void A_bare_line_ending_outranks_other_faults()
    {
        var read = Read(new string('x', 2000) + "\n\r\n.\r\n", maxSize: 10);

        Assert.Equal(MessageReadResult.BareLineEnding, read.Result);
    }
}
