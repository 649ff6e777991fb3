namespace ColdMail.Logs;

/// <summary>One field of a CSV record as RFC 4180 §2 writes it.</summary>
public static class CsvField
{
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    public static void Write(TextWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        // A spreadsheet runs a cell that starts with = + - @ as a formula; log text comes from remote servers
        // and clients, so such a cell is opened with an apostrophe, which spreadsheets show as text.
        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        // RFC 4180 §2.6 and §2.7: quote a field holding a comma, quote or line break; double its quotes.
        if (text.IndexOfAny(NeedsQuotes) < 0)
        {
            writer.Write(text);
            return;
        }
        writer.Write('"');
        writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
