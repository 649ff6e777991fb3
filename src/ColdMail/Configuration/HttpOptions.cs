namespace ColdMail.Configuration;

public sealed class HttpOptions
{
    /// <summary>Semicolon-separated URLs for the API, dashboard and health endpoints.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8025";

    /// <summary>
    /// The https base URL recipients reach this server at, such as https://mail.example.com; links in
    /// outgoing mail (one-click unsubscribe) are built on it. Unset: no such links are added.
    /// </summary>
    public string? PublicUrl { get; set; }
}
