namespace ColdMail.Domains;

/// <summary>The records a domain publishes, as named in check results and record lists.</summary>
public static class RecordKinds
{
    public const string Spf = "spf";

    /// <summary>The key that signs, or for a new domain the key that will.</summary>
    public const string Dkim = "dkim";

    /// <summary>A rotation's new key, waiting for its record to appear.</summary>
    public const string DkimNext = "dkim-next";

    /// <summary>A rotated-out key whose record stays published for the grace period.</summary>
    public const string DkimRetired = "dkim-retired";

    public const string Dmarc = "dmarc";

    public const string ReturnPath = "return-path";

    /// <summary>The order records are listed and checked in.</summary>
    public static int Order(string kind) => kind switch
    {
        Spf => 0,
        Dkim => 1,
        DkimNext => 2,
        DkimRetired => 3,
        Dmarc => 4,
        _ => 5,
    };
}
