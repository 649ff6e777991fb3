using System.Globalization;
using System.Text;

namespace ColdMail.Bench;

/// <summary>
/// Builds messages of one exact size as a campaign tool would send them: header From is the sending
/// mailbox, a unique Message-ID and a plain-text body. Bodies are built once per sender and shared.
/// </summary>
internal sealed class MessageFactory
{
    // RFC 5322 §2.1.1 recommends lines of at most 78 characters; 72 leaves room for quoting.
    private const int BodyLineLength = 72;

    private const string Prose = "Hello, I noticed your team is growing and thought a short note might help. " +
        "We build tools that save engineers hours every week, and I would love to show you how. ";

    private readonly int _size;
    private readonly string _recipientDomain;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, byte[]> _bodies = [];
    private readonly Lock _gate = new();

    public MessageFactory(int size, string recipientDomain)
    {
        _size = size;
        _recipientDomain = recipientDomain;
    }

    /// <summary>The smallest size that still leaves a body after the longest header this factory writes.</summary>
    public const int MinimumSize = 1024;

    public TestMessage Create(long sequence, string sender)
    {
        // Fixed-width fields keep every header of one sender the same length, so one body fits all.
        var recipient = $"r{sequence % 100_000:D5}@{_recipientDomain}";
        var header = Encoding.ASCII.GetBytes(HeaderText(sequence, sender, recipient, DateTimeOffset.UtcNow));
        return new TestMessage(sender, recipient, header, BodyFor(sender, header.Length));
    }

    private string HeaderText(long sequence, string sender, string recipient, DateTimeOffset now)
    {
        var domain = sender[(sender.LastIndexOf('@') + 1)..];
        // RFC 5322 §3.3 date-time, always in UTC so its width never changes.
        var date = now.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        return $"From: <{sender}>\r\n" +
            $"To: <{recipient}>\r\n" +
            $"Subject: Quick question about your roadmap ({sequence % 100_000_000:D8})\r\n" +
            $"Date: {date}\r\n" +
            $"Message-ID: <{sequence % 100_000_000:D8}.{_runId}@{domain}>\r\n" +
            "MIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=us-ascii\r\n" +
            "Content-Transfer-Encoding: 7bit\r\n" +
            "\r\n";
    }

    private byte[] BodyFor(string sender, int headerLength)
    {
        lock (_gate)
        {
            if (!_bodies.TryGetValue(sender, out var body))
            {
                body = Body(Math.Max(2, _size - headerLength));
                _bodies.Add(sender, body);
            }
            return body;
        }
    }

    /// <summary>Prose in CRLF lines, exactly <paramref name="length"/> octets, ending in CRLF.</summary>
    private static byte[] Body(int length)
    {
        var body = new byte[length];
        const int stride = BodyLineLength + 2;
        for (var i = 0; i < length; i++)
        {
            var column = i % stride;
            var letter = Prose[i % Prose.Length];
            body[i] = column switch
            {
                BodyLineLength => (byte)'\r',
                BodyLineLength + 1 => (byte)'\n',
                // RFC 5321 §4.5.2: a line starting with "." would need dot-stuffing; never start one so.
                0 when letter == '.' => (byte)'x',
                _ => (byte)letter,
            };
        }
        if (length > 2 && body[length - 2] == '\n')
        {
            // The last full line would end in CR CR LF: lengthen it by one letter instead.
            body[length - 3] = (byte)'x';
        }
        body[length - 2] = (byte)'\r';
        body[length - 1] = (byte)'\n';
        return body;
    }
}
