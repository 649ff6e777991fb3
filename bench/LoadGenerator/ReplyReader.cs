using System.Text;

namespace ColdMail.Bench;

/// <summary>Reads SMTP replies from a stream through one reused buffer.</summary>
internal sealed class ReplyReader(Stream stream)
{
    // RFC 5321 §4.5.3.1.5 caps a reply line at 512 octets; a few servers run longer, so allow slack.
    private const int MaxLineBytes = 4096;

    // A reply of more lines than this is not a server we are measuring (EHLO lists about a dozen).
    private const int MaxLines = 100;

    private readonly byte[] _buffer = new byte[MaxLineBytes * 2];
    private Stream _stream = stream;
    private int _start;
    private int _end;

    /// <summary>Bytes the server sent beyond the last reply read.</summary>
    public int Buffered => _end - _start;

    /// <summary>Continues on a new transport (after STARTTLS); nothing may be left unread from the old one.</summary>
    public void SwitchTo(Stream stream)
    {
        // RFC 3207 §4.2: anything sent before the handshake is discarded, never carried over.
        if (Buffered != 0)
        {
            throw new SmtpProtocolException("The server sent data after its STARTTLS reply.");
        }
        _stream = stream;
    }

    public async ValueTask<SmtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>(1);
        while (lines.Count < MaxLines)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1])
                || !char.IsAsciiDigit(line[2]) || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new SmtpProtocolException($"Not an SMTP reply line: '{Trim(line)}'.");
            }
            lines.Add(line.Length > 4 ? line[4..] : string.Empty);

            // RFC 5321 §4.2.1: "ddd-" continues the reply, "ddd " or "ddd" ends it.
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(int.Parse(line.AsSpan(0, 3)), lines);
            }
        }
        throw new SmtpProtocolException($"A reply ran past {MaxLines} lines.");
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }
                var line = Encoding.ASCII.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }
            if (_end - _start >= MaxLineBytes)
            {
                throw new SmtpProtocolException($"A reply line ran past {MaxLineBytes} bytes.");
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }
            _end += read;
        }
    }

    private static string Trim(string line) => line.Length > 80 ? line[..80] + "…" : line;
}
