using System.CommandLine;
using System.Globalization;
using ColdMail.Workspaces;

namespace ColdMail.Cli;

/// <summary><c>coldmail mailbox add|list|activate|deactivate|remove</c>.</summary>
internal static class MailboxCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("mailbox", "Manage the sender addresses of verified domains.");
        command.Subcommands.Add(Add(environment));
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(SetActive(environment, active: true));
        command.Subcommands.Add(SetActive(environment, active: false));
        command.Subcommands.Add(Remove(environment));
        return command;
    }

    private static Argument<string> AddressArgument()
        => new("ADDRESS") { Description = "The mailbox's address." };

    private static Command Add(CliEnvironment environment)
    {
        var address = AddressArgument();
        var name = new Option<string?>("--name") { Description = "The display name used in the From header." };
        var add = new Command("add", "Add an active mailbox under a verified domain.") { address, name };
        add.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var mailboxes = await context.GetAsync<MailboxService>(ct);
            var mailbox = await mailboxes.AddAsync(
                workspace, context.GetValue(address), context.GetValue(name), environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = mailbox.Id,
                    address = mailbox.Address,
                    name = mailbox.DisplayName,
                    active = mailbox.IsActive,
                    createdAt = mailbox.CreatedAt,
                });
            }
            else
            {
                context.Out.WriteLine($"Added mailbox '{mailbox.Address}'. Give it an SMTP key with " +
                    $"'coldmail key create {mailbox.Address} --name LABEL'.");
            }
            return 0;
        });
        return add;
    }

    private static Command List(CliEnvironment environment)
    {
        var domain = new Option<string?>("--domain") { Description = "Only the mailboxes of this domain." };
        var list = new Command("list", "List the workspace's mailboxes.") { domain };
        list.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var mailboxes = await (await context.GetAsync<MailboxService>(ct))
                .ListAsync(workspace, context.GetValue(domain), ct);
            if (context.Json)
            {
                context.WriteJson(mailboxes.Select(m => new
                {
                    id = m.Id,
                    address = m.Address,
                    name = m.DisplayName,
                    active = m.IsActive,
                    paused = m.IsPaused,
                    dailyCap = m.DailyCap,
                    dailyCapIsDomainDefault = m.DailyCapIsDomainDefault,
                    keys = m.KeyCount,
                    createdAt = m.CreatedAt,
                }));
            }
            else
            {
                context.WriteTable(
                    ["ADDRESS", "NAME", "ACTIVE", "PAUSED", "DAILY CAP", "KEYS", "CREATED"],
                    mailboxes.Select(m => new[]
                    {
                        m.Address,
                        TerminalText.Clean(m.DisplayName),
                        TerminalText.YesNo(m.IsActive),
                        TerminalText.YesNo(m.IsPaused),
                        m.DailyCap.ToString(CultureInfo.InvariantCulture)
                            + (m.DailyCapIsDomainDefault ? " (domain)" : ""),
                        m.KeyCount.ToString(CultureInfo.InvariantCulture),
                        TerminalText.Time(m.CreatedAt),
                    }));
            }
            return 0;
        });
        return list;
    }

    private static Command SetActive(CliEnvironment environment, bool active)
    {
        var address = AddressArgument();
        var command = active
            ? new Command("activate", "Let the mailbox send again.") { address }
            : new Command("deactivate", "Stop the mailbox from sending; its keys are kept.") { address };
        command.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var mailboxes = await context.GetAsync<MailboxService>(ct);
            var normalized = EmailAddress.Parse(context.GetValue(address)).Address;
            var changed = await mailboxes.SetActiveAsync(
                workspace, normalized, active, environment.Actor, ct);
            var state = active ? "active" : "inactive";
            if (context.Json)
            {
                context.WriteJson(new { address = normalized, active, changed });
            }
            else
            {
                context.Out.WriteLine(changed
                    ? $"Mailbox '{normalized}' is now {state}."
                    : $"Mailbox '{normalized}' was already {state}.");
            }
            return 0;
        });
        return command;
    }

    private static Command Remove(CliEnvironment environment)
    {
        var address = AddressArgument();
        var remove = new Command("remove", "Remove the mailbox and all of its keys. Its log entries stay.")
        {
            address,
        };
        remove.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var mailboxes = await context.GetAsync<MailboxService>(ct);
            var normalized = EmailAddress.Parse(context.GetValue(address)).Address;
            var keys = await mailboxes.RemoveAsync(workspace, normalized, environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(new { address = normalized, removedKeys = keys });
            }
            else
            {
                context.Out.WriteLine($"Removed mailbox '{normalized}' and its {keys} key(s).");
            }
            return 0;
        });
        return remove;
    }
}
