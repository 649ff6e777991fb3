using ColdMail.Common;

namespace ColdMail.Tests.Dkim;

public sealed class PooledWriteStreamTests
{
    [Fact]
    public void Writes_past_the_first_buffer_keep_every_byte_in_order()
    {
        var expected = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        using var stream = new PooledWriteStream(16);

        stream.Write(expected, 0, 100);
        stream.WriteByte(expected[100]);
        stream.Write(expected.AsSpan(101, 4_000));
        stream.Write(expected, 4_101, expected.Length - 4_101);

        Assert.Equal(expected.Length, stream.Length);
        Assert.Equal(expected, stream.Written.ToArray());
    }

    [Fact]
    public void It_cannot_be_read_or_rewound()
    {
        using var stream = new PooledWriteStream(16);

        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
    }
}
