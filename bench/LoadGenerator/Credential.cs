namespace ColdMail.Bench;

/// <summary>A mailbox address and its auth key.</summary>
internal sealed record Credential(string User, string Password)
{
    /// <summary>Reads "user:password"; the password may itself contain colons.</summary>
    public static Credential Parse(string pair)
    {
        var colon = pair.IndexOf(':');
        if (colon <= 0 || colon == pair.Length - 1)
        {
            throw new FormatException($"A credential must be USER:PASSWORD (was '{Redact(pair)}').");
        }
        return new Credential(pair[..colon], pair[(colon + 1)..]);
    }

    public override string ToString() => User;

    // Echo only the user part of a bad pair, never what might be a key.
    private static string Redact(string pair) => pair.Contains(':') ? pair[..pair.IndexOf(':')] + ":…" : "…";
}
