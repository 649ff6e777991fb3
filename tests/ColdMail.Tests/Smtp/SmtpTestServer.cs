using System.Net.Sockets;
using System.Text;
using ColdMail.Hosting;
using ColdMail.Smtp;
using ColdMail.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ColdMail.Tests.Smtp;

/// <summary>The real <c>serve</c> host on free ports, with the fake policy behind the SMTP listeners.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TestInstance _instance;
    private bool _stopped;

    private SmtpTestServer(TestInstance instance, WebApplication app, FakeSubmissionHandler handler,
        int startTlsPort, int implicitTlsPort)
    {
        _instance = instance;
        App = app;
        Handler = handler;
        StartTlsPort = startTlsPort;
        ImplicitTlsPort = implicitTlsPort;
    }

    public WebApplication App { get; }

    public FakeSubmissionHandler Handler { get; }

    public int StartTlsPort { get; }

    public int ImplicitTlsPort { get; }

    public static async Task<SmtpTestServer> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var instance = await TestInstance.CreateAsync();
        var startTlsPort = FreePort.Next();
        var implicitTlsPort = FreePort.Next();
        var settings = new Dictionary<string, string?>(instance.Settings)
        {
            ["ColdMail:Smtp:ListenAddress"] = "127.0.0.1",
            ["ColdMail:Smtp:StartTlsPort"] = startTlsPort.ToString(),
            ["ColdMail:Smtp:ImplicitTlsPort"] = implicitTlsPort.ToString(),
            ["ColdMail:Http:Urls"] = $"http://127.0.0.1:{FreePort.Next()}",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var handler = new FakeSubmissionHandler();
        var app = ServeHost.Build(null, [], settings,
            services => services.AddSingleton<ISubmissionHandler>(handler));
        await app.StartAsync();
        return new SmtpTestServer(instance, app, handler, startTlsPort, implicitTlsPort);
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await App.StopAsync();
    }

    /// <summary>A plain socket to the STARTTLS port, for what a well-behaved client would never send.</summary>
    public async Task<TcpClient> ConnectRawAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", StartTlsPort);
        return client;
    }

    /// <summary>Reads one reply, all its lines, from a raw stream.</summary>
    public static async Task<string> ReadReplyAsync(Stream stream)
    {
        var text = new StringBuilder();
        var line = new StringBuilder();
        var one = new byte[1];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await stream.ReadAsync(one, deadline.Token) == 1)
        {
            line.Append((char)one[0]);
            if (one[0] != '\n')
            {
                continue;
            }
            text.Append(line);
            var done = line.Length < 4 || line[3] != '-';
            line.Clear();
            if (done)
            {
                return text.ToString();
            }
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await App.StopAsync();
        }
        await App.DisposeAsync();
        await _instance.DisposeAsync();
    }
}
