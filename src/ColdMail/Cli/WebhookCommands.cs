using System.CommandLine;
using ColdMail.Logs.Webhooks;

namespace ColdMail.Cli;

/// <summary><c>coldmail webhook add|list|remove</c>.</summary>
internal static class WebhookCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("webhook", "Send delivery events to an HTTPS endpoint as signed JSON.");
        command.Subcommands.Add(Add(environment));
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(Remove(environment));
        return command;
    }

    private static Command Add(CliEnvironment environment)
    {
        var url = new Argument<string>("URL") { Description = "The https:// endpoint that receives POSTs." };
        var events = new Option<string>("--events")
        {
            Description = $"Comma-separated events to send (default {WebhookEvents.DefaultList}).",
            DefaultValueFactory = _ => WebhookEvents.DefaultList,
        };
        var add = new Command("add", "Add a webhook; its signing secret is printed once.") { url, events };
        add.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var webhooks = await context.GetAsync<WebhookService>(ct);
            var (webhook, secret) = await webhooks.AddAsync(
                workspace, context.GetValue(url), context.GetValue(events), ct);
            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = webhook.Id,
                    url = webhook.Url,
                    events = webhook.Events.Split(','),
                    workspace = workspace.Name,
                    secret,
                });
            }
            else
            {
                context.Out.WriteLine($"Added webhook {webhook.Id} to {webhook.Url} for {webhook.Events}. " +
                    "Its signing secret:");
                context.Out.WriteLine(secret);
                context.Out.WriteLine("Copy it now: it will not be shown again.");
            }
            return 0;
        });
        return add;
    }

    private static Command List(CliEnvironment environment)
    {
        var list = new Command("list", "List the workspace's webhooks (never their secrets).");
        list.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var webhooks = await (await context.GetAsync<WebhookService>(ct)).ListAsync(workspace, ct);
            if (context.Json)
            {
                context.WriteJson(webhooks.Select(w => new
                {
                    id = w.Id,
                    url = w.Url,
                    events = w.Events.Split(','),
                    enabled = w.Enabled,
                    createdAt = w.CreatedAt,
                }));
            }
            else
            {
                context.WriteTable(
                    ["ID", "URL", "EVENTS", "CREATED"],
                    webhooks.Select(w => new[] { w.Id.ToString(), w.Url, w.Events, w.CreatedAt.ToString("u") }));
            }
            return 0;
        });
        return list;
    }

    private static Command Remove(CliEnvironment environment)
    {
        var id = new Argument<string>("ID") { Description = "The webhook's id, as 'webhook list' shows it." };
        var remove = new Command("remove", "Remove a webhook; events not yet sent to it are dropped.") { id };
        remove.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            await (await context.GetAsync<WebhookService>(ct)).RemoveAsync(workspace, context.GetValue(id), ct);
            if (context.Json)
            {
                context.WriteJson(new { id = context.GetValue(id), removed = true });
            }
            else
            {
                context.Out.WriteLine($"Removed webhook {context.GetValue(id)}.");
            }
            return 0;
        });
        return remove;
    }
}
