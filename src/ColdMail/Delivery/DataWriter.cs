using System.Buffers;

namespace ColdMail.Delivery;

/// <summary>
/// Writes message content for DATA: a line that starts with a dot gets a second one (RFC 5321 §4.5.2), the
/// content ends with a line break, then the lone dot that ends it. Content is already CRLF text (acceptance
/// refuses bare CR and LF); it is searched for line starts with a dot, never copied byte by byte.
/// </summary>
public static class DataWriter
{
    // Large enough that a typical message goes out in one or two writes.
    private const int ChunkSize = 64 * 1024;

    private static readonly byte[] End = ".\r\n"u8.ToArray();

    // For content whose last line lacks its CRLF.
    private static readonly byte[] LineAndEnd = "\r\n.\r\n"u8.ToArray();

    private static ReadOnlySpan<byte> LineStartDot => "\r\n."u8;

    /// <summary>Writes <paramref name="first"/> then <paramref name="second"/> as one message, and the end.</summary>
    public static async Task WriteAsync(
        Stream stream,
        ReadOnlyMemory<byte> first,
        ReadOnlyMemory<byte> second,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var chunk = new Chunk(buffer);
            foreach (var part in (ReadOnlyMemory<byte>[])[first, second])
            {
                var offset = 0;
                while (offset < part.Length)
                {
                    offset += chunk.Append(part.Span[offset..]);
                    if (chunk.Full)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, chunk.Written), cancellationToken);
                        chunk.Clear();
                    }
                }
            }
            var ending = chunk.AtLineStart ? End : LineAndEnd;
            if (chunk.Written + ending.Length > buffer.Length)
            {
                await stream.WriteAsync(buffer.AsMemory(0, chunk.Written), cancellationToken);
                chunk.Clear();
            }
            ending.CopyTo(buffer.AsSpan(chunk.Written));
            await stream.WriteAsync(buffer.AsMemory(0, chunk.Written + ending.Length), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One output buffer being filled; a step starts only with room for a stuffed dot and one octet.</summary>
    private struct Chunk(byte[] buffer)
    {
        // The last two content octets taken, the latest in the low byte; CRLF when nothing was taken yet.
        private ushort _tail = ('\r' << 8) | '\n';

        public int Written { get; private set; }

        public readonly bool Full => Written >= buffer.Length - 1;

        public readonly bool AtLineStart => _tail == (('\r' << 8) | '\n');

        public void Clear() => Written = 0;

        /// <summary>Copies what fits of <paramref name="input"/>, stuffing dots; returns how much it took.</summary>
        public int Append(ReadOnlySpan<byte> input)
        {
            var taken = 0;
            while (taken < input.Length && !Full)
            {
                var rest = input[taken..];
                if (AtLineStart && rest[0] == (byte)'.')
                {
                    buffer[Written++] = (byte)'.';
                }
                // Up to and including the CRLF before the next line that starts with a dot; a CRLF split
                // between two calls ends its LF alone, so that the next step sees the line start.
                var run = 1;
                if ((byte)_tail != '\r' || rest[0] != '\n')
                {
                    var found = rest.IndexOf(LineStartDot);
                    run = found < 0 ? rest.Length : found + 2;
                }
                run = Math.Min(run, buffer.Length - Written);
                rest[..run].CopyTo(buffer.AsSpan(Written));
                Written += run;
                taken += run;
                _tail = run >= 2
                    ? (ushort)((rest[run - 2] << 8) | rest[run - 1])
                    : (ushort)((_tail << 8) | rest[0]);
            }
            return taken;
        }
    }
}
