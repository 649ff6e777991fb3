using System.Globalization;
using System.Text;
using ColdMail.Storage.Entities;

namespace ColdMail.Cli;

/// <summary>An email log entry as the CLI prints it: the JSON shape, and the cells of a text row.</summary>
internal sealed record LogEntryView(
    DateTimeOffset At,
    string Event,
    string? MessageId,
    string? Mailbox,
    string? Recipient,
    int? Code,
    string? Detail)
{
    public static readonly IReadOnlyList<string> Headers =
        ["AT", "EVENT", "MESSAGE", "MAILBOX", "RECIPIENT", "CODE", "DETAIL"];

    // Wide enough for a timestamp, the usual event names, a message id and common addresses, so that a
    // followed log stays aligned without knowing the rows to come.
    private static readonly int[] FixedWidths = [24, 14, 32, 28, 28, 9];

    public static LogEntryView From(EmailLogEntry entry) => new(
        entry.At,
        entry.Event,
        entry.MessageId?.ToString("N"),
        entry.Mailbox,
        entry.Recipient,
        entry.Code,
        entry.Detail);

    /// <summary>The text cells, with whatever came from outside made safe for a terminal.</summary>
    public static string?[] Cells(EmailLogEntry entry) =>
    [
        TerminalText.LogTime(entry.At),
        TerminalText.Clean(entry.Event),
        entry.MessageId?.ToString("N"),
        TerminalText.Clean(entry.Mailbox),
        TerminalText.Clean(entry.Recipient),
        CodeText(entry.Code, entry.EnhancedCode),
        TerminalText.Clean(entry.Detail),
    ];

    /// <summary>The reply code and enhanced code in one cell, such as <c>451 4.4.1</c>.</summary>
    public static string? CodeText(int? code, string? enhancedCode)
    {
        var enhanced = TerminalText.Clean(enhancedCode);
        return code is null
            ? enhanced
            : $"{code.Value.ToString(CultureInfo.InvariantCulture)} {enhanced}".TrimEnd();
    }

    /// <summary>A row padded to fixed widths, for output printed before the next rows are known.</summary>
    public static string FixedRow(IReadOnlyList<string?> cells)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i] ?? "-";
            line.Append(i < FixedWidths.Length ? cell.PadRight(FixedWidths[i]) + "  " : cell);
        }
        return line.ToString().TrimEnd();
    }
}
