using System.Text;

namespace ColdMail.Bench.Tests;

public sealed class ReplyReaderTests
{
    [Fact]
    public async Task A_multiline_reply_is_read_whole_with_every_line()
    {
        var reader = Reader("250-mx.example greets you\r\n250-PIPELINING\r\n250 STARTTLS\r\n220 next\r\n");

        var reply = await reader.ReadAsync(CancellationToken.None);
        var next = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(250, reply.Code);
        Assert.Equal(["mx.example greets you", "PIPELINING", "STARTTLS"], reply.Lines);
        Assert.Equal(220, next.Code);
    }

    [Fact]
    public async Task A_reply_that_arrives_one_byte_at_a_time_is_joined()
    {
        var reader = new ReplyReader(new TrickleStream("354 go ahead\r\n250 2.0.0 queued as 42\r\n"u8.ToArray()));

        Assert.Equal(354, (await reader.ReadAsync(CancellationToken.None)).Code);
        var queued = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(250, queued.Code);
        Assert.Equal("2.0.0 queued as 42", queued.Text);
    }

    [Theory]
    [InlineData("hello\r\n")]
    [InlineData("25\r\n")]
    [InlineData("250_odd separator\r\n")]
    public async Task A_line_that_is_not_a_reply_is_refused(string line)
    {
        var reader = Reader(line);

        await Assert.ThrowsAsync<SmtpProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_line_without_an_end_is_refused_once_past_the_cap()
    {
        var reader = Reader("250 " + new string('x', 10_000));

        await Assert.ThrowsAsync<SmtpProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_closed_connection_is_reported_as_such()
    {
        var reader = Reader("250-partial\r\n");

        await Assert.ThrowsAsync<IOException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Data_sent_after_the_STARTTLS_reply_is_not_carried_into_TLS()
    {
        var reader = Reader("220 ready for TLS\r\n250 injected\r\n");
        await reader.ReadAsync(CancellationToken.None);

        Assert.Throws<SmtpProtocolException>(() => reader.SwitchTo(new MemoryStream()));
    }

    private static ReplyReader Reader(string text) => new(new MemoryStream(Encoding.ASCII.GetBytes(text)));

    /// <summary>Hands out one byte per read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
