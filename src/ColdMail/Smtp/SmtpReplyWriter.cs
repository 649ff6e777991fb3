using System.Buffers;
using System.Text;

namespace ColdMail.Smtp;

/// <summary>Encodes replies straight into the output pipe, multi-line ones per RFC 5321 §4.2.1.</summary>
public static class SmtpReplyWriter
{
    public static void Write(IBufferWriter<byte> output, SmtpReply reply)
    {
        var text = reply.Text.AsSpan();
        while (true)
        {
            var newline = text.IndexOf('\n');
            var line = newline < 0 ? text : text[..newline];
            WriteLine(output, reply, line, last: newline < 0);
            if (newline < 0)
            {
                return;
            }
            text = text[(newline + 1)..];
        }
    }

    private static void WriteLine(IBufferWriter<byte> output, SmtpReply reply, ReadOnlySpan<char> line, bool last)
    {
        var enhanced = reply.EnhancedCode;
        var size = 4 + (enhanced?.Length + 1 ?? 0) + Encoding.UTF8.GetMaxByteCount(line.Length) + 2;
        var span = output.GetSpan(size);
        var code = reply.Code;
        span[0] = (byte)('0' + code / 100 % 10);
        span[1] = (byte)('0' + code / 10 % 10);
        span[2] = (byte)('0' + code % 10);
        span[3] = last ? (byte)' ' : (byte)'-';
        var written = 4;
        if (enhanced is not null)
        {
            written += Encoding.ASCII.GetBytes(enhanced, span[written..]);
            span[written++] = (byte)' ';
        }
        written += Encoding.UTF8.GetBytes(line, span[written..]);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        output.Advance(written);
    }
}
