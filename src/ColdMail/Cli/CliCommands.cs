using System.CommandLine;

namespace ColdMail.Cli;

/// <summary>Every top-level verb, in the order <c>--help</c> lists them.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All(CliEnvironment environment)
    {
        yield return ServeCommand.Create(environment);
        yield return WorkspaceCommands.Create(environment);
        yield return DomainCommands.Create(environment);
        yield return UserCommands.Create(environment);
        yield return MailboxCommands.Create(environment);
        yield return KeyCommands.Create(environment);
        yield return TokenCommands.Create(environment);
        yield return LogCommands.Create(environment);
        yield return MessageCommands.Create(environment);
        yield return StatsCommands.Create(environment);
        yield return WebhookCommands.Create(environment);
    }
}
