namespace ColdMail.Configuration;

public sealed class HttpOptions
{
    /// <summary>Semicolon-separated URLs for the API, dashboard and health endpoints.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8025";
}
