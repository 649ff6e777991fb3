namespace ColdMail.Bench.LogSearch;

/// <summary>The timings of one page of one search, and how many entries the page held.</summary>
internal sealed record SearchResult(string Search, string Page, int Entries, Timings Timings);
