using System.CommandLine;
using ColdMail.Workspaces;

namespace ColdMail.Cli;

/// <summary><c>coldmail user add</c>.</summary>
internal static class UserCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("user", "Give people a role in a workspace for the dashboard and the API.");

        var email = new Argument<string>("EMAIL") { Description = "The person's email address." };
        var role = new Option<string>("--role")
        {
            Description = "owner, admin, sender or viewer.",
            Required = true,
        };
        var add = new Command("add", "Add a user, or give an existing user a role in this workspace. A new " +
            "user's password is read from the first line of standard input.") { email, role };
        add.SetHandler(environment, async (context, ct) =>
        {
            var chosen = Roles.Parse(context.GetValue(role));
            var workspace = await context.WorkspaceAsync(ct);
            var users = await context.GetAsync<UserService>(ct);

            // An existing user keeps their password, so none is asked for.
            var password = await users.ExistsAsync(context.GetValue(email), ct)
                ? null
                : await PasswordInput.ReadAsync(environment, ct);
            var member = await users.AddAsync(workspace, context.GetValue(email), chosen, password,
                environment.Actor, ct);

            if (context.Json)
            {
                context.WriteJson(new
                {
                    id = member.UserId,
                    email = member.Email,
                    role = Roles.Name(member.Role),
                    workspace = workspace.Name,
                    newUser = member.IsNewUser,
                });
            }
            else if (member.IsNewUser)
            {
                context.Out.WriteLine($"Added user '{member.Email}' as {Roles.Name(member.Role)} " +
                    $"of workspace '{workspace.Name}'.");
            }
            else
            {
                context.Out.WriteLine($"User '{member.Email}' already exists and keeps their password; " +
                    $"now {Roles.Name(member.Role)} of workspace '{workspace.Name}'.");
            }
            return 0;
        });
        command.Subcommands.Add(add);

        return command;
    }
}
