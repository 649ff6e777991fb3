using System.Net;
using System.Net.Http.Headers;
using ColdMail.Configuration;
using ColdMail.Hosting;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ColdMail.Tests.Logs;

/// <summary>
/// A real <c>serve</c> host (Kestrel on a free loopback port) over a fresh test instance, an API token
/// of the default workspace, and every log line it writes kept to search.
/// </summary>
public sealed class LogStreamServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private WebApplication _app = null!;

    private LogStreamServer(TestInstance instance) => Instance = instance;

    public TestInstance Instance { get; }

    public Workspace Workspace { get; private set; } = null!;

    public string Token { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public Task Running { get; private set; } = Task.CompletedTask;

    public static async Task<LogStreamServer> StartAsync(
        DatabaseProvider provider,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var server = new LogStreamServer(await TestInstance.CreateAsync(provider));
        server.Workspace = await server.Instance.WorkspaceAsync();
        server.Token = await server.TokenAsync(server.Workspace);
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>(server.Instance.Settings)
        {
            ["ColdMail:Http:Urls"] = $"http://127.0.0.1:{port}",
            ["ColdMail:Smtp:StartTlsPort"] = "0",
            ["ColdMail:Smtp:ImplicitTlsPort"] = "0",
            ["ColdMail:Smtp:ListenAddress"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Trace",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        server._app = ServeHost.Build(null, [], settings,
            services => services.AddSingleton<ILoggerProvider>(server.Logs));
        server.Running = ServeHost.RunAsync(server._app, server._stop.Token);
        server.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>A new API token of the workspace; the secret, shown once.</summary>
    public async Task<string> TokenAsync(Workspace workspace, Role role = Role.Viewer)
    {
        var created = await Instance.Get<ApiTokenService>().CreateAsync(
            workspace, "stream-" + Guid.NewGuid().ToString("N")[..8], role, "test", CancellationToken.None);
        return created.Secret;
    }

    /// <summary>The response to a stream request, once its headers are in; the body is left unread.</summary>
    public async Task<HttpResponseMessage> RequestAsync(
        string query = "",
        string? token = null,
        string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, LogStreamEndpoints.Route + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        if (lastEventId is not null)
        {
            request.Headers.Add(LogStreamRequest.LastEventIdHeader, lastEventId);
        }
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>
    /// An open stream. Its headers are sent only once the server has fixed where the stream starts, so
    /// every entry written after this returns is one the stream must carry.
    /// </summary>
    public async Task<SseStream> OpenAsync(string query = "", string? token = null, string? lastEventId = null)
    {
        var response = await RequestAsync(query, token, lastEventId);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"The stream was refused: {(int)response.StatusCode} " +
                await response.Content.ReadAsStringAsync());
        }
        return await SseStream.OpenAsync(response);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Running;
        await _app.DisposeAsync();
        Http.Dispose();
        _stop.Dispose();
        await Instance.DisposeAsync();
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                (await Http.GetAsync("/healthz")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }
        }
    }
}
