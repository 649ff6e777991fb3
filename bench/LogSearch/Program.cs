using System.CommandLine;
using ColdMail.Bench.LogSearch;

var entries = new Option<int>("--entries")
{
    Description = "Email log entries to generate.",
    DefaultValueFactory = _ => 1_000_000,
};
var runs = new Option<int>("--runs")
{
    Description = "Timed runs of each page.",
    DefaultValueFactory = _ => 50,
};
var warmups = new Option<int>("--warmups")
{
    Description = "Untimed runs of each page before the timed ones.",
    DefaultValueFactory = _ => 5,
};
var explain = new Option<bool>("--explain") { Description = "Print SQLite's query plan of each search." };
var keep = new Option<bool>("--keep") { Description = "Keep the database afterwards, to inspect it." };
var root = new RootCommand(
    "Times filtered email log pages over a generated SQLite log of a million entries; exits 1 when any "
    + $"page's 95th percentile reaches {LogSearchRun.BudgetMilliseconds} ms.")
{
    entries,
    runs,
    warmups,
    explain,
    keep,
};
root.SetAction(async (parseResult, cancellationToken) =>
{
    var settings = new LogSearchRun(
        new CorpusShape(Entries: parseResult.GetValue(entries)),
        parseResult.GetValue(runs),
        parseResult.GetValue(warmups),
        parseResult.GetValue(explain),
        parseResult.GetValue(keep));
    return await settings.RunAsync(Console.Out, cancellationToken);
});
return await root.Parse(args).InvokeAsync();
