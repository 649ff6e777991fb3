using System.CommandLine;
using ColdMail.Hosting;

namespace ColdMail.Cli;

/// <summary><c>coldmail serve</c>: everything in one process until SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("serve", "Run the SMTP listeners, delivery and the HTTP API in one process. " +
            "Extra arguments such as --ColdMail:Smtp:StartTlsPort=587 override settings.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetHandler(environment, async (context, ct) =>
        {
            var app = ServeHost.Build(
                context.ParseResult.GetValue(CliOptions.Config),
                context.ParseResult.UnmatchedTokens,
                environment.Settings);
            await ServeHost.RunAsync(app, ct);
            return 0;
        });
        return command;
    }
}
