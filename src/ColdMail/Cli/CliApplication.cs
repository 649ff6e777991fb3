using System.CommandLine;
using ColdMail.Common;
using Microsoft.Extensions.Options;

namespace ColdMail.Cli;

/// <summary>The <c>coldmail</c> command: <c>serve</c> and the admin verbs, all on one configuration.</summary>
public static class CliApplication
{
    /// <summary>Exit code for a mistake in what was asked (unknown name, duplicate, bad value).</summary>
    public const int UserErrorExit = 1;

    /// <summary>Exit code for a configuration that does not validate.</summary>
    public const int ConfigurationErrorExit = 78;

    /// <summary>Exit code for a failure that is not the user's (database down, bug).</summary>
    public const int InternalErrorExit = 70;

    public static Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var root = new RootCommand(
            "ColdMail: authenticated SMTP submission, DKIM signing and delivery for cold email.");
        root.Options.Add(CliOptions.Json);
        root.Options.Add(CliOptions.Workspace);
        root.Options.Add(CliOptions.Config);
        foreach (var command in CliCommands.All(environment))
        {
            root.Subcommands.Add(command);
        }

        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = environment.Out, Error = environment.Error };
        return parseResult.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>
    /// Runs a verb's body with its context, turning every failure into one line on standard error and an exit
    /// code; a person never sees a stack trace.
    /// </summary>
    public static void SetHandler(
        this Command command,
        CliEnvironment environment,
        Func<CliContext, CancellationToken, Task<int>> handler)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var context = new CliContext(parseResult, environment);
            try
            {
                return await handler(context, cancellationToken);
            }
            catch (ResourceException e)
            {
                await environment.Error.WriteLineAsync($"error: {e.Message}");
                return UserErrorExit;
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures)
                {
                    await environment.Error.WriteLineAsync($"configuration error: {failure}");
                }
                return ConfigurationErrorExit;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("configuration", StringComparison.Ordinal))
            {
                await environment.Error.WriteLineAsync($"configuration error: {e.Message}");
                return ConfigurationErrorExit;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await environment.Error.WriteLineAsync("interrupted");
                return 130;
            }
            catch (Exception e)
            {
                await environment.Error.WriteLineAsync($"error: {e.GetType().Name}: {FirstLine(e.Message)}");
                return InternalErrorExit;
            }
        });
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
