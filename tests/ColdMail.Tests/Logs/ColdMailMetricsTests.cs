using System.Net;
using ColdMail.Hosting;
using ColdMail.Logs;
using ColdMail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ColdMail.Tests.Logs;

public sealed class ColdMailMetricsTests
{
    [Fact]
    public async Task Metrics_recorded_in_a_running_server_are_scraped_with_their_domain_labels()
    {
        await using var instance = await TestInstance.CreateAsync();
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>(instance.Settings)
        {
            ["ColdMail:Http:Urls"] = $"http://127.0.0.1:{port}",
            ["ColdMail:Smtp:StartTlsPort"] = "0",
            ["ColdMail:Smtp:ImplicitTlsPort"] = "0",
            ["ColdMail:Smtp:ListenAddress"] = "127.0.0.1",
        };
        await using var app = ServeHost.Build(null, [], settings);
        using var stop = new CancellationTokenSource();
        var running = ServeHost.RunAsync(app, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await GetWhenListeningAsync(http, "/healthz");
        var metrics = app.Services.GetRequiredService<ColdMailMetrics>();
        // Names no other test uses: the exporter sees every meter of this name in the test process, and other
        // tests' servers count their own mail meanwhile.
        var acme = $"acme-{Guid.NewGuid():N}.example";
        var beta = $"beta-{Guid.NewGuid():N}.example";

        metrics.RecordAccepted(acme.ToUpperInvariant());
        metrics.RecordAccepted(acme);
        metrics.RecordDelivered(acme);
        metrics.RecordDeferred(beta);
        metrics.RecordBounced(acme, BounceKind.Recipient);
        metrics.RecordRejected(null);
        var response = await http.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();
        await stop.CancelAsync();
        await running;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var samples = body.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Contains(samples, l => l.StartsWith("coldmail_messages_accepted_total{", StringComparison.Ordinal)
            && l.Contains($"domain=\"{acme}\"", StringComparison.Ordinal) && l.EndsWith(" 2"));
        Assert.Contains(samples, l => l.StartsWith("coldmail_recipients_delivered_total{", StringComparison.Ordinal)
            && l.Contains($"domain=\"{acme}\"", StringComparison.Ordinal) && l.EndsWith(" 1"));
        Assert.Contains(samples, l => l.StartsWith("coldmail_recipients_deferred_total{", StringComparison.Ordinal)
            && l.Contains($"domain=\"{beta}\"", StringComparison.Ordinal) && l.EndsWith(" 1"));
        Assert.Contains(samples, l => l.StartsWith("coldmail_recipients_bounced_total{", StringComparison.Ordinal)
            && l.Contains("class=\"recipient\"", StringComparison.Ordinal)
            && l.Contains($"domain=\"{acme}\"", StringComparison.Ordinal) && l.EndsWith(" 1"));
        // Other servers in the process may refuse mail of no known domain too: at least this one.
        Assert.Contains(samples, l => l.StartsWith("coldmail_messages_rejected_total{", StringComparison.Ordinal)
            && l.Contains("domain=\"unknown\"", StringComparison.Ordinal) && SampleValue(l) >= 1);
    }

    private static double SampleValue(string line)
        => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first request races the listener's start; retry refused connections until a deadline.</summary>
    private static async Task GetWhenListeningAsync(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }
        }
    }
}
