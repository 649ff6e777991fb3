using System.Buffers;

namespace ColdMail.Smtp;

/// <summary>
/// Reads DATA content incrementally, whatever the packet boundaries: removes dot-stuffing
/// (RFC 5321 §4.5.2) and stops at CRLF "." CRLF and at nothing else (§4.1.1.4). A bare CR or LF never
/// ends a line or the message, so no variant of "\n.\n" can split one message into two; it marks the
/// message for refusal instead (§2.3.8). Content past the size cap or after a fault is scanned, not kept.
/// </summary>
public sealed class MessageReader
{
    private enum Scan
    {
        LineStart,
        Dot,
        DotCr,
        Text,
        Cr,
    }

    private MessageBuffer? _buffer;
    private long _maxSize;
    private Scan _scan;
    private long _size;
    private int _line;
    private bool _bare;
    private bool _longLine;
    private bool _tooBig;

    public MessageReadResult Result =>
        _bare ? MessageReadResult.BareLineEnding
        : _longLine ? MessageReadResult.LineTooLong
        : _tooBig ? MessageReadResult.TooBig
        : MessageReadResult.Complete;

    private bool Keeping => !_bare && !_longLine && !_tooBig;

    /// <summary>Begins a message right after the DATA line's CRLF, which counts as the first line start.</summary>
    public void Start(MessageBuffer buffer, long? declaredSize, long maxSize)
    {
        _buffer = buffer;
        _maxSize = maxSize;
        _scan = Scan.LineStart;
        _size = 0;
        _line = 0;
        _bare = _longLine = _tooBig = false;
        buffer.Reset(declaredSize, maxSize);
    }

    /// <summary>Consumes input; true when the end-of-data line was read.</summary>
    /// <param name="consumed">Where the input was read up to: just past the end-of-data line, if found.</param>
    public bool TryRead(ReadOnlySequence<byte> input, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(input);
        while (!reader.End)
        {
            var done = ScanSpan(reader.UnreadSpan, out var used);
            reader.Advance(used);
            if (done)
            {
                consumed = reader.Position;
                return true;
            }
        }
        consumed = reader.Position;
        return false;
    }

    private bool ScanSpan(ReadOnlySpan<byte> span, out int used)
    {
        var i = 0;
        while (i < span.Length)
        {
            var b = span[i];
            switch (_scan)
            {
                case Scan.Text:
                    var stop = span[i..].IndexOfAny((byte)'\r', (byte)'\n');
                    var run = stop < 0 ? span[i..] : span.Slice(i, stop);
                    Emit(run);
                    i += run.Length;
                    if (stop < 0)
                    {
                        break;
                    }
                    i++;
                    if (span[i - 1] == '\r')
                    {
                        _scan = Scan.Cr;
                        Emit("\r"u8);
                    }
                    else
                    {
                        _bare = true;
                    }
                    break;
                case Scan.Cr:
                    if (b == '\n')
                    {
                        i++;
                        Emit("\n"u8);
                        EndLine();
                    }
                    else
                    {
                        // A CR not followed by LF: the byte after it is read again as text.
                        _bare = true;
                        _scan = Scan.Text;
                    }
                    break;
                case Scan.LineStart:
                    if (b == '.')
                    {
                        i++;
                        _scan = Scan.Dot;
                    }
                    else
                    {
                        _scan = Scan.Text;
                    }
                    break;
                case Scan.Dot:
                    if (b == '\r')
                    {
                        i++;
                        _scan = Scan.DotCr;
                    }
                    else
                    {
                        // §4.5.2: the leading dot of a line with more on it is removed and not counted.
                        _scan = Scan.Text;
                    }
                    break;
                case Scan.DotCr:
                    if (b == '\n')
                    {
                        used = i + 1;
                        return true;
                    }
                    _bare = true;
                    _scan = Scan.Text;
                    break;
            }
        }
        used = i;
        return false;
    }

    private void EndLine()
    {
        _line = 0;
        _scan = Scan.LineStart;
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _line += bytes.Length;
        if (_line > SmtpEngineSettings.MaxTextLine)
        {
            _longLine = true;
        }
        if (!Keeping)
        {
            return;
        }
        _size += bytes.Length;
        if (_size > _maxSize)
        {
            _tooBig = true;
            return;
        }
        _buffer!.Append(bytes);
    }
}
