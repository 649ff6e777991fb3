using System.Text;

namespace ColdMail.Tests.Logs;

/// <summary>
/// Reads a server-sent events response the way a browser's EventSource does (WHATWG HTML §9.2.6): field
/// lines until an empty line dispatches the event; comment lines are reported too, for the heartbeat.
/// Every read has a deadline, so a missing event fails the test instead of hanging it.
/// </summary>
public sealed class SseStream(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public HttpResponseMessage Response { get; } = response;

    public static async Task<SseStream> OpenAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        return new SseStream(response, new StreamReader(body, new UTF8Encoding(false)));
    }

    /// <summary>The next event or comment, or null when the server ended the stream.</summary>
    public async Task<SseMessage?> NextAsync()
    {
        using var deadline = new CancellationTokenSource(Patience);
        string? id = null, type = null;
        StringBuilder? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Nothing came from the stream within {Patience.TotalSeconds} s.");
                throw;
            }
            if (line is null)
            {
                return null;
            }
            if (line.Length == 0)
            {
                if (id is not null || type is not null || data is not null)
                {
                    return new SseMessage(id, type, data?.ToString(), null);
                }
                continue;
            }
            if (line[0] == ':')
            {
                return new SseMessage(null, null, null, line[1..].TrimStart());
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
            }
        }
    }

    /// <summary>Events (comments skipped) up to and including the first that matches.</summary>
    public async Task<List<SseMessage>> EventsUntilAsync(Func<SseMessage, bool> last)
    {
        var events = new List<SseMessage>();
        while (true)
        {
            var message = await NextAsync();
            Assert.True(message is not null, "The stream ended before the awaited event.");
            if (message.IsComment)
            {
                continue;
            }
            events.Add(message);
            if (last(message))
            {
                return events;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        Response.Dispose();
        return ValueTask.CompletedTask;
    }
}
