using System.CommandLine;
using ColdMail.Workspaces;

namespace ColdMail.Cli;

/// <summary><c>coldmail workspace add|list</c>.</summary>
internal static class WorkspaceCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("workspace", "Create and list workspaces, the boundary between teams.");

        var name = new Argument<string>("NAME") { Description = "The new workspace's name." };
        var add = new Command("add", "Create a workspace.") { name };
        add.SetHandler(environment, async (context, ct) =>
        {
            var workspaces = await context.GetAsync<WorkspaceService>(ct);
            var workspace = await workspaces.AddAsync(context.GetValue(name), ct);
            if (context.Json)
            {
                context.WriteJson(new { id = workspace.Id, name = workspace.Name, createdAt = workspace.CreatedAt });
            }
            else
            {
                context.Out.WriteLine($"Created workspace '{workspace.Name}'.");
            }
            return 0;
        });
        command.Subcommands.Add(add);

        var list = new Command("list", "List every workspace.");
        list.SetHandler(environment, async (context, ct) =>
        {
            var workspaces = await (await context.GetAsync<WorkspaceService>(ct)).ListAsync(ct);
            if (context.Json)
            {
                context.WriteJson(workspaces.Select(w => new { id = w.Id, name = w.Name, createdAt = w.CreatedAt }));
            }
            else
            {
                context.WriteTable(
                    ["NAME", "CREATED"],
                    workspaces.Select(w => new[] { w.Name, w.CreatedAt.ToString("u") }));
            }
            return 0;
        });
        command.Subcommands.Add(list);

        return command;
    }
}
