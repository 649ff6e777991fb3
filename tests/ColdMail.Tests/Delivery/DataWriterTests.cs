using System.Text;
using ColdMail.Delivery;

namespace ColdMail.Tests.Delivery;

public sealed class DataWriterTests
{
    [Theory]
    [InlineData("Hi\r\n", "Hi\r\n.\r\n")]
    [InlineData(".hidden\r\n", "..hidden\r\n.\r\n")]
    [InlineData("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n")]
    [InlineData("a\r\n..b\r\n", "a\r\n...b\r\n.\r\n")]
    [InlineData("no final line break", "no final line break\r\n.\r\n")]
    [InlineData("a.b\r\n x.y\r\n", "a.b\r\n x.y\r\n.\r\n")]
    [InlineData("", ".\r\n")]
    public async Task Content_is_dot_stuffed_and_ended(string content, string expected)
    {
        Assert.Equal(expected, await WrittenAsync("", content));
    }

    [Fact]
    public async Task A_dot_at_the_start_of_the_second_part_is_stuffed_as_a_line_start()
    {
        Assert.Equal("X-A: 1\r\n..dot\r\n.\r\n", await WrittenAsync("X-A: 1\r\n", ".dot\r\n"));
    }

    [Fact]
    public async Task A_line_break_split_between_the_parts_still_starts_a_line()
    {
        Assert.Equal("a\r\n..b\r\n.\r\n", await WrittenAsync("a\r", "\n.b\r\n"));
    }

    [Fact]
    public async Task Content_much_larger_than_a_write_matches_line_by_line_stuffing()
    {
        var random = new Random(7);
        var text = new StringBuilder();
        while (text.Length < 300_000)
        {
            // Dot lines of every length, so that line starts fall on every offset of the write buffer.
            text.Append(random.Next(3) == 0 ? "." : "").Append('x', random.Next(0, 90)).Append("\r\n");
        }
        var content = text.ToString();
        var lines = content.Split("\r\n")[..^1];
        var expected = string.Concat(lines.Select(l => (l.StartsWith('.') ? "." : "") + l + "\r\n")) + ".\r\n";

        Assert.Equal(expected, await WrittenAsync(content[..1000], content[1000..]));
    }

    private static async Task<string> WrittenAsync(string first, string second)
    {
        using var stream = new MemoryStream();
        await DataWriter.WriteAsync(stream, Encoding.ASCII.GetBytes(first), Encoding.ASCII.GetBytes(second),
            CancellationToken.None);
        return Encoding.ASCII.GetString(stream.ToArray());
    }
}
