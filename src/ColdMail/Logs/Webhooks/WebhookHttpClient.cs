namespace ColdMail.Logs.Webhooks;

/// <summary>The one HTTP client webhooks are POSTed with, shared so connections are pooled.</summary>
public sealed class WebhookHttpClient : IDisposable
{
    // A receiver should answer at once and work later; waiting longer only holds up the other webhooks.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public WebhookHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            // A redirect would re-send the signed body somewhere not configured; a 3xx counts as a failure.
            AllowAutoRedirect = false,
            // Picks up DNS changes of long-lived endpoints.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = Timeout,
        };
        Client = new HttpClient(handler) { Timeout = Timeout };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("ColdMail-Webhooks");
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
