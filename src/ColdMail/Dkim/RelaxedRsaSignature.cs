using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ColdMail.Common;
using MimeKit;

namespace ColdMail.Dkim;

/// <summary>
/// Makes an rsa-sha256 DKIM signature with relaxed canonicalization of header and body (RFC 6376 §3.4.2,
/// §3.4.4) from the message's bytes as they go on the wire. The message is written out once; the body is
/// canonicalized in one pass and hashed by the platform. This is the per-message cost of signing, so it is
/// kept to copies of bytes.
/// </summary>
internal static class RelaxedRsaSignature
{
    private const byte Space = (byte)' ';
    private const byte Tab = (byte)'\t';
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private static ReadOnlySpan<byte> FieldName => "DKIM-Signature:"u8;

    /// <summary>
    /// Signs every instance of <paramref name="headerNames"/> present in <paramref name="message"/> and its
    /// body, and returns the DKIM-Signature field to put at the top of the message.
    /// </summary>
    public static Header Create(
        MimeMessage message,
        int sizeHint,
        IReadOnlyList<string> headerNames,
        string domain,
        string selector,
        RsaKeyPool key,
        DateTimeOffset now)
    {
        // Headers added for the wire (Date, Message-ID, unsubscribe) and re-encoding add a little.
        using var wire = new PooledWriteStream(sizeHint + (sizeHint / 8) + 1024);
        message.WriteTo(MimeWire.Format, wire);
        var field = CreateField(wire.Written, headerNames, domain, selector, key, now);
        var header = new Header("DKIM-Signature", "x");
        header.SetRawValue(field[FieldName.Length..]);
        return header;
    }

    /// <summary>
    /// Signs every instance of <paramref name="headerNames"/> in the CRLF message <paramref name="wire"/> and
    /// its body, and returns the whole DKIM-Signature field, CRLF included, to send before the message.
    /// </summary>
    public static byte[] CreateField(
        ReadOnlySpan<byte> wire,
        IReadOnlyList<string> headerNames,
        string domain,
        string selector,
        RsaKeyPool key,
        DateTimeOffset now)
    {
        var fields = HeaderFields(wire, out var bodyStart);
        var bodyHash = BodyHash(wire[bodyStart..]);
        var (signed, names) = SignedFields(wire, fields, headerNames);

        var value = new StringBuilder(512)
            .Append(" v=1; a=rsa-sha256; c=relaxed/relaxed; d=").Append(domain)
            .Append("; s=").Append(selector).Append(";\r\n\tt=")
            .Append(now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Append("; h=").AppendJoin(':', names).Append(";\r\n\tbh=").Append(Convert.ToBase64String(bodyHash))
            .Append(";\r\n\tb=")
            .ToString();

        // The signature covers the signed fields, then this field itself with an empty b= and no final CRLF
        // (RFC 6376 §3.7).
        var input = new ArrayBufferWriter<byte>(1024);
        foreach (var (start, length) in signed)
        {
            CanonicalizeField(wire.Slice(start, length), input);
        }
        CanonicalizeField(Encoding.ASCII.GetBytes("DKIM-Signature:" + value), input, finalNewLine: false);

        var signature = key.SignSha256(SHA256.HashData(input.WrittenSpan));
        return Encoding.ASCII.GetBytes("DKIM-Signature:" + value + Folded(Convert.ToBase64String(signature)) + "\r\n");
    }

    /// <summary>The start and length (with its CRLF) of every header field, and where the body starts.</summary>
    private static List<(int Start, int Length, int NameLength)> HeaderFields(
        ReadOnlySpan<byte> bytes,
        out int bodyStart)
    {
        var fields = new List<(int, int, int)>(32);
        var position = 0;
        while (position < bytes.Length)
        {
            var lineEnd = LineEnd(bytes, position);
            if (lineEnd == position)
            {
                // The empty line ending the header block.
                bodyStart = Math.Min(bytes.Length, position + 2);
                return fields;
            }
            var start = position;
            position = Next(bytes, lineEnd);
            while (position < bytes.Length && bytes[position] is Space or Tab)
            {
                position = Next(bytes, LineEnd(bytes, position));
            }
            var colon = bytes[start..position].IndexOf((byte)':');
            if (colon > 0)
            {
                fields.Add((start, position - start, colon));
            }
        }
        bodyStart = bytes.Length;
        return fields;
    }

    /// <summary>
    /// The fields to sign, in h= order: for each name, its instances from the bottom up (RFC 6376 §5.4.2).
    /// </summary>
    private static (List<(int Start, int Length)> Fields, List<string> Names) SignedFields(
        ReadOnlySpan<byte> bytes,
        List<(int Start, int Length, int NameLength)> fields,
        IReadOnlyList<string> headerNames)
    {
        var signed = new List<(int, int)>(headerNames.Count);
        var names = new List<string>(headerNames.Count);
        foreach (var name in headerNames)
        {
            for (var i = fields.Count - 1; i >= 0; i--)
            {
                var (start, length, nameLength) = fields[i];
                if (Ascii.EqualsIgnoreCase(bytes.Slice(start, nameLength).TrimEnd(" \t"u8), name))
                {
                    signed.Add((start, length));
                    names.Add(name.ToLowerInvariant());
                }
            }
        }
        return (signed, names);
    }

    /// <summary>
    /// Relaxed header canonicalization: the name in lower case, the value unfolded, runs of white space made
    /// one space, and white space around the colon and at the end removed.
    /// </summary>
    private static void CanonicalizeField(
        ReadOnlySpan<byte> field,
        IBufferWriter<byte> output,
        bool finalNewLine = true)
    {
        var colon = field.IndexOf((byte)':');
        var name = field[..colon].TrimEnd(" \t"u8);
        var target = output.GetSpan(field.Length + 2);
        var written = 0;
        foreach (var c in name)
        {
            target[written++] = c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c + 32) : c;
        }
        target[written++] = (byte)':';
        var pendingSpace = false;
        var any = false;
        foreach (var c in field[(colon + 1)..])
        {
            if (c is Cr or Lf)
            {
                continue;
            }
            if (c is Space or Tab)
            {
                pendingSpace = any;
                continue;
            }
            if (pendingSpace)
            {
                target[written++] = Space;
                pendingSpace = false;
            }
            target[written++] = c;
            any = true;
        }
        if (finalNewLine)
        {
            target[written++] = Cr;
            target[written++] = Lf;
        }
        output.Advance(written);
    }

    /// <summary>
    /// The SHA-256 of the body under relaxed canonicalization: white space at line ends removed, runs of it
    /// made one space, empty lines at the end removed, and a CRLF after the last line when the body is not
    /// empty.
    /// </summary>
    private static byte[] BodyHash(ReadOnlySpan<byte> body)
    {
        if (IsCanonical(body))
        {
            // The common case (encoded parts, plain text without stray white space) hashes the bytes in place.
            return SHA256.HashData(body);
        }
        // Never longer than the body and one CRLF: lines only shrink, and only the last may gain a CRLF.
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length + 2);
        try
        {
            var written = 0;
            var emptyLines = 0;
            var position = 0;
            while (position < body.Length)
            {
                var lineEnd = LineEnd(body, position);
                var line = body[position..lineEnd];
                position = Next(body, lineEnd);
                if (line.IndexOfAnyExcept(" \t"u8) < 0)
                {
                    // Kept only if a line with content follows.
                    emptyLines++;
                    continue;
                }
                for (; emptyLines > 0; emptyLines--)
                {
                    buffer[written++] = Cr;
                    buffer[written++] = Lf;
                }
                written += CompressWhiteSpace(line.TrimEnd(" \t"u8), buffer.AsSpan(written));
                buffer[written++] = Cr;
                buffer[written++] = Lf;
            }
            return SHA256.HashData(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Copies a line without trailing white space, each run of spaces and tabs inside it made one space.
    /// Most lines have neither a tab nor two spaces together and are copied whole.
    /// </summary>
    private static int CompressWhiteSpace(ReadOnlySpan<byte> line, Span<byte> target)
    {
        if (line.IndexOf(Tab) < 0 && line.IndexOf("  "u8) < 0)
        {
            line.CopyTo(target);
            return line.Length;
        }
        var written = 0;
        while (!line.IsEmpty)
        {
            var space = line.IndexOfAny(Space, Tab);
            if (space < 0)
            {
                line.CopyTo(target[written..]);
                return written + line.Length;
            }
            line[..space].CopyTo(target[written..]);
            written += space;
            target[written++] = Space;
            // The line has no trailing white space, so something follows the run.
            line = line[space..];
            line = line[line.IndexOfAnyExcept(Space, Tab)..];
        }
        return written;
    }

    /// <summary>
    /// True when relaxed canonicalization would not change the body: no tab, no run of spaces, no space before
    /// a line break, and either nothing or exactly one CRLF after the last line with content.
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return true;
        }
        if (body.IndexOf(Tab) >= 0 || body.IndexOf("  "u8) >= 0 || body.IndexOf(" \r\n"u8) >= 0)
        {
            return false;
        }
        // Ends in one CRLF after a character that is neither white space nor part of a line break.
        return body.Length >= 3 && body.EndsWith("\r\n"u8) && body[^3] is not (Lf or Cr or Space);
    }

    // The end of the line starting at position: the index of its CRLF, or of the end of the bytes.
    private static int LineEnd(ReadOnlySpan<byte> bytes, int position)
    {
        var index = bytes[position..].IndexOf("\r\n"u8);
        return index < 0 ? bytes.Length : position + index;
    }

    private static int Next(ReadOnlySpan<byte> bytes, int lineEnd) => Math.Min(bytes.Length, lineEnd + 2);

    // The b= value in lines a receiver's 78-character habit can carry; white space inside it is ignored
    // (RFC 6376 §3.5).
    private static string Folded(string base64)
    {
        var folded = new StringBuilder(base64.Length + (base64.Length / 64 * 4));
        for (var i = 0; i < base64.Length; i += 64)
        {
            if (i > 0)
            {
                folded.Append("\r\n\t ");
            }
            folded.Append(base64, i, Math.Min(64, base64.Length - i));
        }
        return folded.ToString();
    }
}
