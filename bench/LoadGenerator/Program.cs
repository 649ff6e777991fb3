using System.CommandLine;
using ColdMail.Bench;

var root = new RootCommand(
    "Submits mail over authenticated SMTP from many concurrent sessions and measures accept rate and latency.");
foreach (var option in LoadOptions.All)
{
    root.Options.Add(option);
}
root.SetAction(async (parseResult, cancellationToken) =>
{
    try
    {
        var settings = Settings.From(parseResult);
        var json = parseResult.GetValue(LoadOptions.JsonFile);
        var idle = parseResult.GetValue(LoadOptions.IdleSessions);
        if (idle > 0)
        {
            var run = new IdleRun(settings, idle, parseResult.GetValue(LoadOptions.Hold),
                parseResult.GetValue(LoadOptions.ReadyFile)?.FullName);
            var summary = await run.RunAsync(Console.Out, cancellationToken);
            Summaries.Print(summary, Console.Out, json);
            return summary.Opened == summary.Requested ? 0 : 1;
        }
        else
        {
            var summary = await new LoadRun(settings).RunAsync(cancellationToken);
            Summaries.Print(summary, Console.Out, json);
            return summary.Accepted == summary.Messages ? 0 : 1;
        }
    }
    catch (FormatException e)
    {
        await Console.Error.WriteLineAsync($"coldmail-load: {e.Message}");
        return 2;
    }
});
return await root.Parse(args).InvokeAsync();
