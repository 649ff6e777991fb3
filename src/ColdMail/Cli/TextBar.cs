namespace ColdMail.Cli;

/// <summary>A horizontal bar of Unicode block characters, in eighths of a cell, for charts in a terminal.</summary>
internal static class TextBar
{
    // U+2588 full block, then U+2589..U+258F: seven eighths down to one eighth.
    private static readonly string[] Partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

    public static string Draw(long value, long max, int width)
    {
        if (value <= 0 || max <= 0)
        {
            return "";
        }
        var eighths = (int)Math.Max(1, Math.Round((double)value / max * width * 8));
        return new string('█', eighths / 8) + Partial[eighths % 8];
    }
}
