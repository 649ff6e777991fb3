using System.Globalization;
using ColdMail.Logs;

namespace ColdMail.Bench.LogSearch;

/// <summary>
/// The searches to time, with values taken from the corpus: a message from the middle of the month in
/// the largest workspace gives the domain, mailbox, recipient and message id; rare values (a domain and
/// mailbox that stopped sending on day three, a rare event and reply code, a common event in a day long
/// past) show the worst cases.
/// </summary>
internal static class SearchCases
{
    public const int Workspace = 0;

    public static IReadOnlyList<SearchCase> From(LogCorpus corpus, IReadOnlyList<LogRow> rows)
    {
        var middle = corpus.End.AddDays(-15).UtcTicks;
        var queued = rows.First(r => r.Workspace == Workspace && r.Event == EmailEvents.Queued
            && r.AtTicks >= middle);
        var domain = corpus.Domains[queued.Domain];
        var dormant = corpus.Domains.First(d => d.Workspace == Workspace && d.Dormant);
        return
        [
            new("workspace only", new EmailLogFilterText()),
            new("time range: one day, 10 days ago", Day(corpus, 10)),
            new("time range: one day, 28 days ago", Day(corpus, 28)),
            new("domain", new EmailLogFilterText(Domain: domain.Name)),
            new("domain, idle since day 3", new EmailLogFilterText(Domain: dormant.Name)),
            new("mailbox", new EmailLogFilterText(Mailbox: queued.Mailbox)),
            new("mailbox, idle since day 3", new EmailLogFilterText(Mailbox: dormant.Mailboxes[0])),
            new("recipient", new EmailLogFilterText(Recipient: queued.Recipient)),
            new("message id", new EmailLogFilterText(Message: queued.MessageId!.Value.ToString("N"))),
            new("event bounced", new EmailLogFilterText(Event: EmailEvents.Bounced)),
            new("event domain.paused (rare)", new EmailLogFilterText(Event: EmailEvents.DomainPaused)),
            new("reply code 550", new EmailLogFilterText(Code: "550")),
            new("reply code 421", new EmailLogFilterText(Code: "421")),
            new("domain + deferred + last 7 days",
                new EmailLogFilterText(Domain: domain.Name, Event: EmailEvents.Deferred, Since: "7d")),
            // The worst mix: the commonest event walked down to a day long past.
            new("delivered + one day, 28 days ago", Day(corpus, 28) with { Event = EmailEvents.Delivered }),
        ];
    }

    private static EmailLogFilterText Day(LogCorpus corpus, int daysAgo)
        => new(Since: Iso(corpus.End.AddDays(-daysAgo - 1)), Until: Iso(corpus.End.AddDays(-daysAgo)));

    private static string Iso(DateTimeOffset moment)
        => moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
