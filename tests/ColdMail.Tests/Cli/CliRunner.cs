using ColdMail.Cli;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Cli;

/// <summary>Runs <c>coldmail</c> verbs in-process against one test instance and captures what they print.</summary>
public sealed class CliRunner(TestInstance instance)
{
    public async Task<CliResult> RunAsync(params string[] args) => await RunWithInputAsync(string.Empty, args);

    public async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            In = new StringReader(input),
            Out = output,
            Error = error,
            Settings = instance.Settings,
            Actor = "cli:test",
        };
        var exitCode = await CliApplication.RunAsync(args, environment, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error);
