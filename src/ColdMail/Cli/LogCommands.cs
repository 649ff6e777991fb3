using System.CommandLine;
using ColdMail.Common;
using ColdMail.Logs;
using ColdMail.Storage.Entities;

namespace ColdMail.Cli;

/// <summary><c>coldmail logs</c>: the workspace's email log, newest first, or followed.</summary>
internal static class LogCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var domain = new Option<string?>("--domain") { Description = "Only entries of this sending domain." };
        var mailbox = new Option<string?>("--mailbox") { Description = "Only entries of this mailbox." };
        var recipient = new Option<string?>("--recipient") { Description = "Only entries for this recipient." };
        var message = new Option<string?>("--message") { Description = "Only entries of this message id." };
        var name = new Option<string?>("--event")
        {
            Description = "Only this event: received, rejected, queued, deferred, delivered, bounced, … .",
        };
        var code = new Option<string?>("--code") { Description = "Only entries with this SMTP reply code." };
        var since = new Option<string?>("--since")
        {
            Description = "Only entries at or after this time: ISO 8601, or an age such as 30m, 1h, 2d.",
        };
        var until = new Option<string?>("--until")
        {
            Description = "Only entries before this time: ISO 8601, or an age such as 30m, 1h, 2d.",
        };
        var limit = new Option<int>("--limit")
        {
            Description = $"How many entries at most (1 to {EmailLogQuery.MaxLimit}).",
            DefaultValueFactory = _ => EmailLogQuery.DefaultLimit,
        };
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep printing new entries until Ctrl+C; with --json, one object per line.",
        };
        var format = new Option<string?>("--format")
        {
            Description = "Export every matching entry as csv or ndjson, streamed; --limit caps the count if given.",
        };
        format.AcceptOnlyFromAmong("csv", "ndjson");
        var command = new Command("logs", "Show the workspace's email log, newest first.")
        {
            domain,
            mailbox,
            recipient,
            message,
            name,
            code,
            since,
            until,
            limit,
            follow,
            format,
        };
        command.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var time = await context.GetAsync<TimeProvider>(ct);
            var text = new EmailLogFilterText(
                context.GetValue(domain),
                context.GetValue(mailbox),
                context.GetValue(recipient),
                context.GetValue(message),
                context.GetValue(name),
                context.GetValue(code),
                context.GetValue(since),
                context.GetValue(until));
            var count = context.GetValue(limit);
            var exportFormat = context.GetValue(format);
            var given = context.ParseResult.GetResult(limit) is { Implicit: false };
            try
            {
                var filter = text.Parse(time.GetUtcNow());
                if (exportFormat is not null)
                {
                    return await ExportAsync(context, workspace, filter, exportFormat, given ? count : null, ct);
                }
                var log = await context.GetAsync<EmailLogQuery>(ct);
                if (context.GetValue(follow))
                {
                    var follower = await context.GetAsync<EmailLogFollower>(ct);
                    return await LogFollower.RunAsync(context, log, follower, workspace, filter, count, ct);
                }
                await ShowAsync(context, log, workspace, filter, count, ct);
                return 0;
            }
            catch (ResourceException e) when (e.Parameter is { } parameter)
            {
                // Each filter option is its parameter's name with two dashes: say which one was wrong.
                throw new ResourceException(e.Error, $"--{parameter}: {e.Message}");
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(format) is not null
                && (result.GetValue(follow) || result.GetValue(CliOptions.Json)))
            {
                result.AddError("--format exports a snapshot; it goes with neither --follow nor --json.");
            }
        });
        return command;
    }

    private static async Task ShowAsync(
        CliContext context,
        EmailLogQuery log,
        Workspace workspace,
        EmailLogFilter filter,
        int limit,
        CancellationToken cancellationToken)
    {
        var entries = await log.NewestAsync(workspace, filter, beforeId: null, limit, cancellationToken);
        if (context.Json)
        {
            context.WriteJson(entries.Select(LogEntryView.From));
        }
        else
        {
            context.WriteTable(LogEntryView.Headers, entries.Select(LogEntryView.Cells));
        }
    }

    private static async Task<int> ExportAsync(
        CliContext context,
        Workspace workspace,
        EmailLogFilter filter,
        string format,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (limit < 1)
        {
            throw ResourceException.Invalid("The limit must be at least 1.");
        }
        var export = await context.GetAsync<EmailLogExport>(cancellationToken);
        if (format == "csv")
        {
            await export.WriteCsvAsync(workspace, filter, limit, context.Out, cancellationToken);
        }
        else
        {
            await export.WriteNdjsonAsync(workspace, filter, limit, context.Out, cancellationToken);
        }
        return 0;
    }
}
