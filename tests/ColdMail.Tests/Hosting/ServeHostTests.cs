using System.Net;
using ColdMail.Hosting;
using ColdMail.Tests.Cli;
using ColdMail.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Hosting;

public sealed class ServeHostTests
{
    [Fact]
    public async Task A_started_server_answers_healthz_and_readyz()
    {
        await using var instance = await TestInstance.CreateAsync();
        var port = FreePort.Next();
        var settings = ServerSettings(instance, port);
        await using var app = ServeHost.Build(null, [], settings);
        using var stop = new CancellationTokenSource();
        var running = ServeHost.RunAsync(app, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var health = await GetWhenListeningAsync(http, "/healthz");
        var ready = await http.GetAsync("/readyz");
        await stop.CancelAsync();
        await running;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Readyz_says_503_when_the_database_cannot_be_reached()
    {
        await using var instance = await TestInstance.CreateAsync();
        var port = FreePort.Next();
        var settings = ServerSettings(instance, port);
        settings["ColdMail:Database:Provider"] = "Postgres";
        settings["ColdMail:Database:ConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Timeout=2";
        await using var app = ServeHost.Build(null, [], settings);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var health = await GetWhenListeningAsync(http, "/healthz");
        var ready = await http.GetAsync("/readyz");
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Theory]
    [InlineData("ColdMail:Smtp:ImplicitTlsPort", "-1")]
    [InlineData("ColdMail:Dns:Servers:0", "not-an-address")]
    [InlineData("ColdMail:Smtp:CertificatePath", "/nonexistent/cert.pem")]
    [InlineData("ColdMail:Http:PublicUrl", "http://mail.example.com")]
    public async Task A_bad_setting_stops_the_server_with_the_key_named(string key, string value)
    {
        await using var instance = await TestInstance.CreateAsync();
        var settings = ServerSettings(instance, FreePort.Next());
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = ServeHost.Build(null, [], settings);
            await ServeHost.RunAsync(app, CancellationToken.None);
        });

        Assert.Contains(error.Failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_with_a_bad_setting_prints_the_key_and_exits_non_zero()
    {
        await using var instance = await TestInstance.CreateAsync();
        instance.Settings["ColdMail:Smtp:StartTlsPort"] = "99999";

        var result = await new CliRunner(instance).RunAsync("serve");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("ColdMail:Smtp:StartTlsPort must be a port", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    private static Dictionary<string, string?> ServerSettings(TestInstance instance, int httpPort)
        => new(instance.Settings)
        {
            ["ColdMail:Http:Urls"] = $"http://127.0.0.1:{httpPort}",
            ["ColdMail:Smtp:StartTlsPort"] = FreePort.Next().ToString(),
            ["ColdMail:Smtp:ImplicitTlsPort"] = FreePort.Next().ToString(),
            ["ColdMail:Smtp:ListenAddress"] = "127.0.0.1",
        };

    /// <summary>The first request races the listener's start; retry refused connections until a deadline.</summary>
    private static async Task<HttpResponseMessage> GetWhenListeningAsync(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await http.GetAsync(path);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }
        }
    }
}
