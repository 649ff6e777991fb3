using System.CommandLine;

namespace ColdMail.Cli;

/// <summary>The options every verb takes.</summary>
public static class CliOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON instead of text.",
        Recursive = true,
    };

    public static readonly Option<string?> Workspace = new("--workspace")
    {
        Description = "The workspace to work in; optional while only one exists.",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "A JSON settings file read after appsettings.json and before environment variables.",
        Recursive = true,
    };
}
