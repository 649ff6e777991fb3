using System.CommandLine;
using ColdMail.Domains;

namespace ColdMail.Cli;

/// <summary><c>coldmail domain unsubscribe NAME on|off</c>.</summary>
internal static class DomainUnsubscribeCommand
{
    public static Command Create(CliEnvironment environment, Argument<string> name)
    {
        var state = new Argument<string>("on|off") { Description = "Add the one-click link, or stop adding it." };
        state.AcceptOnlyFromAmong("on", "off");
        var command = new Command("unsubscribe",
            "Add a one-click unsubscribe link (RFC 8058) to the domain's outgoing mail, or stop.") { name, state };
        command.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var enabled = context.GetValue(state) == "on";
            var domain = await (await context.GetAsync<UnsubscribeSwitch>(ct)).SetAsync(
                workspace, context.GetValue(name), enabled, environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(DomainJson.Summary(domain));
            }
            else
            {
                context.Out.WriteLine(enabled
                    ? $"One-click unsubscribe is on for {domain.Name}."
                    : $"One-click unsubscribe is off for {domain.Name}.");
            }
            return 0;
        });
        return command;
    }
}
