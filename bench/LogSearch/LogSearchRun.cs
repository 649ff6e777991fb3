using System.Diagnostics;
using System.Globalization;
using ColdMail.Logs;
using ColdMail.Storage;

namespace ColdMail.Bench.LogSearch;

/// <summary>One benchmark run: generate, load, time every search, print the table and judge it.</summary>
internal sealed record LogSearchRun(CorpusShape Shape, int Runs, int Warmups, bool Explain, bool Keep)
{
    /// <summary>The issue's target: a filtered page over a million SQLite entries in under 100 ms.</summary>
    public const int BudgetMilliseconds = 100;

    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var end = DateTimeOffset.UtcNow;
        var corpus = new LogCorpus(Shape, end);
        var rows = corpus.Generate();
        output.WriteLine($"Generated {N(rows.Length)} entries in {clock.Elapsed.TotalSeconds:0.0} s.");

        await using var database = await BenchDatabase.CreateAsync(Keep, cancellationToken);
        var (workspaces, domains) = await database.AddOwnersAsync(corpus, cancellationToken);
        clock.Restart();
        await database.InsertAsync(rows, workspaces, domains, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var size = await database.SizeAsync(cancellationToken);
        output.WriteLine($"Inserted them in {seconds:0.0} s ({N((long)(rows.Length / seconds))} a second); " +
            $"database {size / (1024.0 * 1024):0} MiB in {database.Directory}.");
        var workspace = workspaces[SearchCases.Workspace];
        var own = rows.Count(r => r.Workspace == SearchCases.Workspace);
        output.WriteLine($"Searching workspace '{workspace.Name}' ({N(own)} entries), pages of " +
            $"{SearchBench.PageSize}, {Runs} timed runs after {Warmups} untimed.");
        output.WriteLine();

        var bench = new SearchBench(database.Get<EmailLogQuery>(), workspace, Runs, Warmups);
        using var plans = Explain ? new QueryPlans() : null;
        var connectionString = database.Get<ColdMailDatabase>().ConnectionString;
        var results = new List<SearchResult>();
        output.WriteLine($"{"search",-34} {"page",-8} {"entries",7} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var search in SearchCases.From(corpus, rows))
        {
            var timed = await bench.RunAsync(search, DateTimeOffset.UtcNow, cancellationToken);
            foreach (var result in timed)
            {
                var t = result.Timings;
                output.WriteLine($"{result.Search,-34} {result.Page,-8} {result.Entries,7} " +
                    $"{t.P50,8:0.00} {t.P95,8:0.00} {t.Max,8:0.00}");
            }
            if (plans is not null)
            {
                await bench.FirstPageAsync(search, DateTimeOffset.UtcNow, cancellationToken);
                output.WriteLine($"    {plans.LastSql}");
                foreach (var line in await plans.ExplainLastAsync(connectionString, cancellationToken))
                {
                    output.WriteLine($"    {line}");
                }
            }
            results.AddRange(timed);
        }

        output.WriteLine();
        if (results.FirstOrDefault(r => r.Page == "first" && r.Entries == 0) is { } empty)
        {
            output.WriteLine($"FAIL: the search '{empty.Search}' found nothing; the corpus or the query is wrong.");
            return 2;
        }
        var slow = results.Where(r => r.Timings.P95 >= BudgetMilliseconds).ToList();
        foreach (var result in slow)
        {
            output.WriteLine($"FAIL: {result.Search} ({result.Page} page): p95 {result.Timings.P95:0.0} ms " +
                $">= {BudgetMilliseconds} ms");
        }
        if (slow.Count == 0)
        {
            output.WriteLine($"OK: every page's p95 is under {BudgetMilliseconds} ms " +
                $"(slowest {results.Max(r => r.Timings.P95):0.00} ms).");
        }
        return slow.Count == 0 ? 0 : 1;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
