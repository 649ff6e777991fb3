using ColdMail.Logs;

namespace ColdMail.Bench.LogSearch;

/// <summary>One search to time: a label, and the filter as a person would type it.</summary>
internal sealed record SearchCase(string Name, EmailLogFilterText Filter);
