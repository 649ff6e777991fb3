using System.Text;
using ColdMail.Logs;

namespace ColdMail.Tests.Logs;

public sealed class ServerSentEventsTests
{
    [Fact]
    public void An_event_is_its_id_type_and_data_lines_ended_by_an_empty_line()
    {
        var text = new StringBuilder();

        ServerSentEvents.AppendEvent(text, 42, "delivered", "{\"id\":42}");

        Assert.Equal("id: 42\nevent: delivered\ndata: {\"id\":42}\n\n", text.ToString());
    }

    [Theory]
    [InlineData("a\r\nid: 1", "aid: 1")]
    [InlineData("a\rb\nc", "abc")]
    public void A_line_break_inside_a_value_cannot_start_another_field(string value, string written)
    {
        var text = new StringBuilder();

        ServerSentEvents.AppendEvent(text, 1, value, value);

        Assert.Equal($"id: 1\nevent: {written}\ndata: {written}\n\n", text.ToString());
        Assert.Equal($": {written}\n\n", ServerSentEvents.Comment(value));
    }
}
