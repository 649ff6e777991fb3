namespace ColdMail.Configuration;

/// <summary>The root of the <c>ColdMail</c> configuration section.</summary>
public sealed class ColdMailOptions
{
    public const string Section = "ColdMail";

    /// <summary>
    /// Where the SQLite database, the generated certificate and the key ring live. Defaults to the
    /// user's data folder so that <c>serve</c> and every admin verb find the same files from any directory.
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    public DatabaseOptions Database { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    public DnsOptions Dns { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();

    public DomainOptions Domains { get; set; } = new();
    public LogsOptions Logs { get; set; } = new();

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);

    private static string DefaultDataDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "coldmail");
    }
}
