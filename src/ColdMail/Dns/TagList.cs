namespace ColdMail.Dns;

/// <summary>
/// The tag=value lists of DKIM key records (RFC 6376 section 3.2) and DMARC records (RFC 7489 section 6.4).
/// </summary>
public static class TagList
{
    /// <summary>The tags in order, names as written; null when a tag is malformed or repeated.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Parse(string text)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var spec in text.Split(';'))
        {
            // A trailing ';' leaves an empty spec, which the grammar allows.
            if (string.IsNullOrWhiteSpace(spec))
            {
                continue;
            }
            var equals = spec.IndexOf('=');
            if (equals <= 0)
            {
                return null;
            }
            var name = spec[..equals].Trim();
            var value = spec[(equals + 1)..].Trim();
            // RFC 6376 section 3.2: a repeated tag makes the whole list invalid.
            if (name.Length == 0 || name.Any(char.IsWhiteSpace) || tags.Any(t => t.Key == name))
            {
                return null;
            }
            tags.Add(new KeyValuePair<string, string>(name, value));
        }
        return tags;
    }

    public static string? Get(IReadOnlyList<KeyValuePair<string, string>> tags, string name) =>
        tags.FirstOrDefault(t => string.Equals(t.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
