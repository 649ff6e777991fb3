using System.CommandLine;
using ColdMail.Workspaces;

namespace ColdMail.Cli;

/// <summary><c>coldmail token create</c>.</summary>
internal static class TokenCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("token", "Manage bearer tokens for the HTTP API.");

        var name = new Option<string>("--name")
        {
            Description = "A label telling this token from others, such as the system using it.",
            Required = true,
        };
        var role = new Option<string>("--role")
        {
            Description = "What the token may do: owner, admin, sender or viewer.",
            Required = true,
        };
        var create = new Command("create", "Create an API token for the workspace; it is printed once.")
        {
            name,
            role,
        };
        create.SetHandler(environment, async (context, ct) =>
        {
            var chosen = Roles.Parse(context.GetValue(role));
            var workspace = await context.WorkspaceAsync(ct);
            var tokens = await context.GetAsync<ApiTokenService>(ct);
            var (token, secret) = await tokens.CreateAsync(workspace, context.GetValue(name), chosen,
                environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = token.Id,
                    name = token.Name,
                    role = Roles.Name(token.Role),
                    workspace = workspace.Name,
                    secret,
                });
            }
            else
            {
                context.Out.WriteLine($"Created API token '{token.Name}' ({Roles.Name(token.Role)}) " +
                    $"for workspace '{workspace.Name}':");
                context.Out.WriteLine(secret);
                context.Out.WriteLine(KeyCommands.CopyNow);
            }
            return 0;
        });
        command.Subcommands.Add(create);

        return command;
    }
}
