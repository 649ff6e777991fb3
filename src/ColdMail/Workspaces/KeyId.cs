using System.Globalization;
using ColdMail.Common;

namespace ColdMail.Workspaces;

/// <summary>
/// A key id as typed: the whole Guid in any usual form, or the first hex digits of it (at least
/// <see cref="MinPrefixLength"/>), the way short commit ids are used.
/// </summary>
public readonly record struct KeyId(string Text, string HexPrefix)
{
    public const int MinPrefixLength = 8;

    public bool Matches(Guid id) => id.ToString("N").StartsWith(HexPrefix, StringComparison.Ordinal);

    public static KeyId Parse(string text)
    {
        var trimmed = text.Trim();
        if (Guid.TryParse(trimmed, out var whole))
        {
            return new KeyId(trimmed, whole.ToString("N"));
        }
        var hex = trimmed.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        if (hex.Length is < MinPrefixLength or > 32 || !hex.All(char.IsAsciiHexDigit))
        {
            throw ResourceException.Invalid(
                $"'{text}' is not a key id: give the id from 'coldmail key list', or at least its first " +
                $"{MinPrefixLength.ToString(CultureInfo.InvariantCulture)} characters.");
        }
        return new KeyId(trimmed, hex);
    }
}
