using System.Diagnostics;
using ColdMail.Logs;
using ColdMail.Storage.Entities;

namespace ColdMail.Bench.LogSearch;

/// <summary>
/// Times searches through <see cref="EmailLogQuery"/>, the path <c>coldmail logs</c> and the API take:
/// the first page, and a page further on reached by its keyset cursor. Each is run a few times untimed
/// first, so that the timings show a warm server rather than the first read of a file.
/// </summary>
internal sealed class SearchBench(EmailLogQuery log, Workspace workspace, int runs, int warmups)
{
    public const int PageSize = EmailLogQuery.DefaultLimit;

    /// <summary>The later page timed: deep enough that a walk from the newest entry shows its cost.</summary>
    public const int LaterPage = 11;

    public async Task<IReadOnlyList<SearchResult>> RunAsync(
        SearchCase search,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var filter = search.Filter.Parse(now);
        var results = new List<SearchResult>
        {
            await TimeAsync(search.Name, "first", filter, null, cancellationToken),
        };
        if (await CursorAsync(filter, cancellationToken) is { } before)
        {
            results.Add(await TimeAsync(search.Name, $"page {LaterPage}", filter, before, cancellationToken));
        }
        return results;
    }

    /// <summary>Reads the first page once more, so that its query is the last one sent.</summary>
    public Task FirstPageAsync(SearchCase search, DateTimeOffset now, CancellationToken cancellationToken)
        => log.NewestAsync(workspace, search.Filter.Parse(now), null, PageSize, cancellationToken);

    /// <summary>The id the later page starts below, or null when the search has fewer pages.</summary>
    public async Task<long?> CursorAsync(EmailLogFilter filter, CancellationToken cancellationToken)
    {
        long? before = null;
        for (var page = 1; page < LaterPage; page++)
        {
            var entries = await log.NewestAsync(workspace, filter, before, PageSize, cancellationToken);
            if (entries.Count < PageSize)
            {
                return null;
            }
            before = entries[^1].Id;
        }
        return before;
    }

    private async Task<SearchResult> TimeAsync(
        string name,
        string page,
        EmailLogFilter filter,
        long? before,
        CancellationToken cancellationToken)
    {
        var count = 0;
        for (var i = 0; i < warmups; i++)
        {
            await log.NewestAsync(workspace, filter, before, PageSize, cancellationToken);
        }
        var milliseconds = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            count = (await log.NewestAsync(workspace, filter, before, PageSize, cancellationToken)).Count;
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return new SearchResult(name, page, count, Timings.Of(milliseconds));
    }
}
