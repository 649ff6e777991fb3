namespace ColdMail.Bench.LogSearch;

/// <summary>
/// The size and make-up of a generated email log. The defaults describe a busy shared node a month
/// into use: four teams of different sizes, 50 sending domains with 10 mailboxes each, and a large
/// prospect list, so that every filter has both common and rare values to find.
/// </summary>
internal sealed record CorpusShape(
    int Entries = 1_000_000,
    int Days = 30,
    int Domains = 50,
    int MailboxesPerDomain = 10,
    int Recipients = 150_000,
    int Seed = 20261204)
{
    /// <summary>Each workspace's share of the traffic: one large team and smaller ones.</summary>
    public static readonly IReadOnlyList<double> WorkspaceShares = [0.50, 0.25, 0.15, 0.10];

    /// <summary>Every tenth domain sent only in the first days and then stopped, as abandoned ones do.</summary>
    public const int DormantEvery = 10;

    public const int DormantAfterDays = 3;
}
