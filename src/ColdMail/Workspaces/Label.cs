using ColdMail.Common;

namespace ColdMail.Workspaces;

/// <summary>Checks the free-text names people give to keys, tokens and mailboxes.</summary>
public static class Label
{
    public const int MaxLength = 100;

    /// <summary>
    /// The trimmed text, refused when empty, too long or holding control characters: a line break in a
    /// display name would become a forged header line, an escape sequence would repaint a terminal.
    /// </summary>
    public static string Require(string? text, string what)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxLength || trimmed.Any(char.IsControl))
        {
            throw ResourceException.Invalid(
                $"'{text}' is not a usable {what} (1 to {MaxLength} printable characters).");
        }
        return trimmed;
    }

    public static string? Optional(string? text, string what)
        => string.IsNullOrWhiteSpace(text) ? null : Require(text, what);
}
