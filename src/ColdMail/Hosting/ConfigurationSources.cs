namespace ColdMail.Hosting;

/// <summary>Where settings come from, the same for <c>serve</c> and every admin verb, later ones winning.</summary>
public static class ConfigurationSources
{
    /// <summary>An optional JSON file named by <c>--config</c> or the COLDMAIL_CONFIG variable.</summary>
    public const string ConfigVariable = "COLDMAIL_CONFIG";

    public static void Apply(IConfigurationBuilder builder, string? configFile, IReadOnlyList<string> overrides)
    {
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        var file = configFile ?? Environment.GetEnvironmentVariable(ConfigVariable);
        if (!string.IsNullOrWhiteSpace(file))
        {
            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }
        builder.AddEnvironmentVariables();
        if (overrides.Count > 0)
        {
            builder.AddCommandLine([.. overrides]);
        }
    }
}
