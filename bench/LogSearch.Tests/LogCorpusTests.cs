using System.Reflection;
using ColdMail.Logs;

namespace ColdMail.Bench.LogSearch.Tests;

public sealed class LogCorpusTests
{
    private static readonly DateTimeOffset End = new(2026, 3, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly CorpusShape Small = new(Entries: 40_000, Recipients: 5_000);

    [Fact]
    public void It_makes_exactly_the_entries_asked_for_in_time_order_within_the_period()
    {
        var rows = new LogCorpus(Small, End).Generate();

        Assert.Equal(Small.Entries, rows.Length);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.AtTicks <= p.Second.AtTicks));
        Assert.InRange(rows[0].AtTicks, End.AddDays(-Small.Days).UtcTicks, End.UtcTicks - 1);
        Assert.InRange(rows[^1].AtTicks, End.AddDays(-1).UtcTicks, End.UtcTicks - 1);
    }

    [Fact]
    public void Every_event_kind_appears_and_each_workspace_has_about_its_share()
    {
        var rows = new LogCorpus(Small, End).Generate();

        var events = typeof(EmailEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!);
        Assert.Empty(events.Except(rows.Select(r => r.Event)));
        for (var w = 0; w < CorpusShape.WorkspaceShares.Count; w++)
        {
            var share = rows.Count(r => r.Workspace == w) / (double)rows.Length;
            Assert.InRange(share, CorpusShape.WorkspaceShares[w] - 0.03, CorpusShape.WorkspaceShares[w] + 0.03);
        }
    }

    [Fact]
    public void A_dormant_domain_writes_nothing_after_its_first_days_and_a_domainless_entry_is_a_failed_login()
    {
        var corpus = new LogCorpus(Small, End);
        var rows = corpus.Generate();

        var dormantFrom = End.AddDays(CorpusShape.DormantAfterDays - Small.Days).UtcTicks;
        var dormant = Enumerable.Range(0, corpus.Domains.Count).Where(d => corpus.Domains[d].Dormant).ToHashSet();
        Assert.NotEmpty(dormant);
        Assert.DoesNotContain(rows, r => dormant.Contains(r.Domain) && r.Event == EmailEvents.Received
            && r.AtTicks >= dormantFrom);
        Assert.All(rows.Where(r => r.Domain < 0), r => Assert.Equal(EmailEvents.AuthFailed, r.Event));
        Assert.All(rows.Where(r => r.Domain >= 0),
            r => Assert.Equal(corpus.Domains[r.Domain].Workspace, r.Workspace));
    }

    [Fact]
    public void The_same_seed_gives_the_same_log()
    {
        var first = new LogCorpus(Small with { Entries = 2_000 }, End).Generate();
        var second = new LogCorpus(Small with { Entries = 2_000 }, End).Generate();

        Assert.Equal(first, second);
    }
}
