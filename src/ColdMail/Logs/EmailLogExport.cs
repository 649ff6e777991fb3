using System.Globalization;
using System.Runtime.CompilerServices;
using ColdMail.Storage.Entities;

namespace ColdMail.Logs;

/// <summary>
/// Writes every entry matching a filter, newest first, as CSV (RFC 4180) or NDJSON, one record at a time:
/// entries are read a keyset page at a time and each page is flushed before the next is read, so memory
/// stays flat however large the export, and entries written meanwhile neither repeat nor shift it.
/// </summary>
public sealed class EmailLogExport(EmailLogQuery log)
{
    /// <summary>A header line, then one line per entry, each ended by CRLF (RFC 4180 §2.1).</summary>
    public async Task<long> WriteCsvAsync(
        Workspace workspace,
        EmailLogFilter filter,
        long? maxEntries,
        TextWriter writer,
        CancellationToken cancellationToken)
    {
        writer.Write(string.Join(',', ExportedLogEntry.Columns));
        writer.Write("\r\n");
        return await WriteAsync(workspace, filter, maxEntries, writer, WriteCsvRecord, cancellationToken);
    }

    /// <summary>One JSON object per line (newline-delimited JSON), field names as in the CSV header.</summary>
    public async Task<long> WriteNdjsonAsync(
        Workspace workspace,
        EmailLogFilter filter,
        long? maxEntries,
        TextWriter writer,
        CancellationToken cancellationToken)
    {
        return await WriteAsync(workspace, filter, maxEntries, writer, static (w, record) =>
        {
            w.Write(record.ToJson());
            w.Write('\n');
        }, cancellationToken);
    }

    private async Task<long> WriteAsync(
        Workspace workspace,
        EmailLogFilter filter,
        long? maxEntries,
        TextWriter writer,
        Action<TextWriter, ExportedLogEntry> writeRecord,
        CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var page in PagesAsync(workspace, filter, maxEntries, cancellationToken))
        {
            foreach (var entry in page)
            {
                writeRecord(writer, ExportedLogEntry.From(entry));
            }
            count += page.Count;
            await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private async IAsyncEnumerable<IReadOnlyList<EmailLogEntry>> PagesAsync(
        Workspace workspace,
        EmailLogFilter filter,
        long? maxEntries,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? before = null;
        var left = maxEntries ?? long.MaxValue;
        while (left > 0)
        {
            var size = (int)Math.Min(left, EmailLogQuery.MaxLimit);
            var page = await log.NewestAsync(workspace, filter, before, size, cancellationToken);
            if (page.Count > 0)
            {
                yield return page;
            }
            if (page.Count < size)
            {
                yield break;
            }
            left -= page.Count;
            before = page[^1].Id;
        }
    }

    private static void WriteCsvRecord(TextWriter writer, ExportedLogEntry record)
    {
        writer.Write(record.Id.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(record.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        writer.Write(',');
        CsvField.Write(writer, record.Event);
        writer.Write(',');
        writer.Write(record.MessageId);
        writer.Write(',');
        CsvField.Write(writer, record.Mailbox);
        writer.Write(',');
        CsvField.Write(writer, record.Recipient);
        writer.Write(',');
        writer.Write(record.Code?.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        CsvField.Write(writer, record.EnhancedCode);
        writer.Write(',');
        CsvField.Write(writer, record.Detail);
        writer.Write(',');
        CsvField.Write(writer, record.RemoteAddress);
        writer.Write(',');
        CsvField.Write(writer, record.Host);
        writer.Write(',');
        writer.Write(record.Tls is { } tls ? (tls ? "true" : "false") : null);
        writer.Write("\r\n");
    }
}
