using System.Globalization;
using System.Text;

namespace ColdMail.Logs;

/// <summary>
/// The event stream format of server-sent events (WHATWG HTML, "Server-sent events", §9.2.6): each field
/// is a <c>name: value</c> line, an empty line dispatches the event, and a line that starts with a colon
/// is a comment that clients ignore. Lines end with LF, so no value may contain CR or LF.
/// </summary>
public static class ServerSentEvents
{
    public const string ContentType = "text/event-stream";

    /// <summary>One event; its id becomes the client's last event id, sent back when it reconnects.</summary>
    public static void AppendEvent(StringBuilder text, long id, string type, string data)
    {
        text.Append("id: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("event: ").Append(OneLine(type)).Append('\n');
        text.Append("data: ").Append(OneLine(data)).Append("\n\n");
    }

    /// <summary>A comment: it keeps an idle connection alive and dispatches nothing.</summary>
    public static string Comment(string text) => $": {OneLine(text)}\n\n";

    // A line break inside a value would end the field early and let the rest pose as other fields.
    private static string OneLine(string value)
        => value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : value.Replace("\r", "").Replace("\n", "");
}
