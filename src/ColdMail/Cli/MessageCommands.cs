using System.CommandLine;
using System.Globalization;
using ColdMail.Logs;

namespace ColdMail.Cli;

/// <summary><c>coldmail message show</c>: one message's envelope, recipients and timeline.</summary>
internal static class MessageCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("message", "Look into accepted messages.");

        var id = new Argument<string>("ID") { Description = "The message id given in 'queued as'." };
        var show = new Command("show", "Show a message's envelope, its recipients' states and its timeline.")
        {
            id,
        };
        show.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var lookup = await context.GetAsync<MessageLookup>(ct);
            var details = await lookup.FindAsync(workspace, context.GetValue(id), ct);
            if (context.Json)
            {
                WriteJson(context, details);
            }
            else
            {
                WriteText(context, details);
            }
            return 0;
        });
        command.Subcommands.Add(show);

        return command;
    }

    private static void WriteJson(CliContext context, MessageDetails details)
    {
        var message = details.Message;
        context.WriteJson(new
        {
            id = message.Id.ToString("N"),
            from = message.MailFrom,
            headerMessageId = message.HeaderMessageId,
            size = message.Size,
            receivedAt = message.ReceivedAt,
            clientAddress = message.ClientAddress,
            recipients = message.Recipients.Select(r => new
            {
                address = r.Address,
                state = r.State,
                attempts = r.Attempts,
                nextAttemptAt = r.NextAttemptAt,
                lastCode = r.LastCode,
                lastEnhancedCode = r.LastEnhancedCode,
                lastText = r.LastText,
            }),
            timeline = details.Timeline.Select(LogEntryView.From),
        });
    }

    private static void WriteText(CliContext context, MessageDetails details)
    {
        var message = details.Message;
        var output = context.Out;
        output.WriteLine($"Message   {message.Id:N}");
        output.WriteLine($"From      {TerminalText.Clean(message.MailFrom)}");
        output.WriteLine($"Size      {message.Size.ToString(CultureInfo.InvariantCulture)} bytes");
        output.WriteLine($"Received  {TerminalText.LogTime(message.ReceivedAt)}" +
            (message.ClientAddress is { } client ? $" from {TerminalText.Clean(client)}" : ""));
        if (message.HeaderMessageId is { } header)
        {
            output.WriteLine($"Header id {TerminalText.Clean(header)}");
        }

        output.WriteLine();
        context.WriteTable(
            ["RECIPIENT", "STATE", "ATTEMPTS", "CODE", "LAST REPLY"],
            message.Recipients.Select(r => new[]
            {
                TerminalText.Clean(r.Address),
                r.State.ToString().ToLowerInvariant(),
                r.Attempts.ToString(CultureInfo.InvariantCulture),
                LogEntryView.CodeText(r.LastCode, r.LastEnhancedCode),
                TerminalText.Clean(r.LastText),
            }));

        output.WriteLine();
        context.WriteTable(
            ["AT", "EVENT", "RECIPIENT", "CODE", "DETAIL"],
            details.Timeline.Select(e => new[]
            {
                TerminalText.LogTime(e.At),
                TerminalText.Clean(e.Event),
                TerminalText.Clean(e.Recipient),
                LogEntryView.CodeText(e.Code, e.EnhancedCode),
                TerminalText.Clean(e.Detail),
            }));
    }
}
