using System.CommandLine;
using ColdMail.Workspaces;

namespace ColdMail.Cli;

/// <summary><c>coldmail key create|list|enable|disable|delete</c>.</summary>
internal static class KeyCommands
{
    public const string CopyNow = "Copy it now: it is stored only as a hash and will not be shown again.";

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("key", "Manage the SMTP auth keys of mailboxes.");
        command.Subcommands.Add(CreateKey(environment));
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(SetEnabled(environment, enabled: false));
        command.Subcommands.Add(SetEnabled(environment, enabled: true));
        command.Subcommands.Add(Delete(environment));
        return command;
    }

    private static Argument<string> IdArgument() => new("ID")
    {
        Description = "The key's id from 'coldmail key list', or at least its first 8 characters.",
    };

    private static Command CreateKey(CliEnvironment environment)
    {
        var address = new Argument<string>("ADDRESS") { Description = "The mailbox the key logs in as." };
        var name = new Option<string>("--name")
        {
            Description = "A label telling this key from the mailbox's others, such as the tool using it.",
            Required = true,
        };
        var create = new Command("create", "Create a key; its secret is printed once and never again.")
        {
            address,
            name,
        };
        create.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var keys = await context.GetAsync<AuthKeyService>(ct);
            var (key, secret) = await keys.CreateAsync(
                workspace, context.GetValue(address), context.GetValue(name), environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(new { id = key.Id, name = key.Name, mailbox = key.Mailbox, secret });
            }
            else
            {
                context.Out.WriteLine($"Created key '{key.Name}' ({key.Id}) for mailbox '{key.Mailbox}':");
                context.Out.WriteLine(secret);
                context.Out.WriteLine(CopyNow);
            }
            return 0;
        });
        return create;
    }

    private static Command List(CliEnvironment environment)
    {
        var address = new Argument<string>("ADDRESS") { Description = "The mailbox whose keys to list." };
        var list = new Command("list", "List a mailbox's keys (never their secrets).") { address };
        list.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var keys = await (await context.GetAsync<AuthKeyService>(ct))
                .ListAsync(workspace, context.GetValue(address), ct);
            if (context.Json)
            {
                context.WriteJson(keys.Select(k => new
                {
                    id = k.Id,
                    name = k.Name,
                    enabled = k.IsEnabled,
                    hint = k.Hint,
                    createdAt = k.CreatedAt,
                    lastUsedAt = k.LastUsedAt,
                    lastUsedFrom = k.LastUsedFrom,
                }));
            }
            else
            {
                context.WriteTable(
                    ["ID", "NAME", "ENABLED", "HINT", "CREATED", "LAST USED", "FROM"],
                    keys.Select(k => new[]
                    {
                        k.Id.ToString(),
                        TerminalText.Clean(k.Name),
                        TerminalText.YesNo(k.IsEnabled),
                        k.Hint,
                        TerminalText.Time(k.CreatedAt),
                        TerminalText.Time(k.LastUsedAt),
                        TerminalText.Clean(k.LastUsedFrom),
                    }));
            }
            return 0;
        });
        return list;
    }

    private static Command SetEnabled(CliEnvironment environment, bool enabled)
    {
        var id = IdArgument();
        var command = enabled
            ? new Command("enable", "Let a disabled key log in again.") { id }
            : new Command("disable", "Refuse a key from its next use on; nothing else changes.") { id };
        command.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var keys = await context.GetAsync<AuthKeyService>(ct);
            var (key, changed) = await keys.SetEnabledAsync(workspace, context.GetValue(id), enabled,
                environment.Actor, ct);
            var state = enabled ? "enabled" : "disabled";
            if (context.Json)
            {
                context.WriteJson(new { id = key.Id, key.Name, key.Mailbox, enabled, changed });
            }
            else
            {
                context.Out.WriteLine(changed
                    ? $"Key '{key.Name}' ({key.Id}) of mailbox '{key.Mailbox}' is now {state}."
                    : $"Key '{key.Name}' ({key.Id}) of mailbox '{key.Mailbox}' was already {state}.");
            }
            return 0;
        });
        return command;
    }

    private static Command Delete(CliEnvironment environment)
    {
        var id = IdArgument();
        var delete = new Command("delete", "Delete a key for good.") { id };
        delete.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var keys = await context.GetAsync<AuthKeyService>(ct);
            var key = await keys.DeleteAsync(workspace, context.GetValue(id), environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(new { id = key.Id, key.Name, key.Mailbox, deleted = true });
            }
            else
            {
                context.Out.WriteLine($"Deleted key '{key.Name}' ({key.Id}) of mailbox '{key.Mailbox}'.");
            }
            return 0;
        });
        return delete;
    }
}
