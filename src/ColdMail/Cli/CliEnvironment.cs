namespace ColdMail.Cli;

/// <summary>
/// What a verb reads and writes besides its arguments. Tests pass their own streams and settings, so that
/// verbs run in-process, in parallel, without touching the process's environment.
/// </summary>
public sealed class CliEnvironment
{
    public TextReader In { get; init; } = Console.In;

    public TextWriter Out { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>Settings applied after every other source, as <c>ColdMail:Section:Key</c> pairs.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Who the audit trail names for changes made from the command line.</summary>
    public string Actor { get; init; } = "cli:" + Environment.UserName;
}
