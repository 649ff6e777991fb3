using System.Net;
using ColdMail.Api;
using ColdMail.Configuration;
using ColdMail.Delivery;
using ColdMail.Domains;
using ColdMail.Logs;
using ColdMail.Logs.Webhooks;
using ColdMail.Smtp;
using ColdMail.Storage;
using ColdMail.Workspaces;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ColdMail.Hosting;

/// <summary>Builds the <c>serve</c> process: HTTP, the SMTP listeners and the background workers in one host.</summary>
public static class ServeHost
{
    public static WebApplication Build(
        string? configFile,
        IReadOnlyList<string> overrides,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        ConfigurationSources.Apply(builder.Configuration, configFile, overrides);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // The console log is written in batches (BatchedConsoleLoggerProvider), with the console logger's
        // formatters and settings.
        var console = builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider)
            && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList();
        console.ForEach(d => builder.Services.Remove(d));
        builder.Services.AddSingleton<ILoggerProvider, BatchedConsoleLoggerProvider>();
        builder.Services.AddColdMailCore(builder.Configuration);
        builder.Services.AddDomainRechecks();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelEndpoints>();
        builder.Services.AddDeliveryWorker();
        builder.Services.AddLogServing();
        builder.Services.AddApi();
        builder.Services.AddWebhookDispatch();
        builder.Services.AddSmtpListeners();
        // Last, so tests can replace any service (such as the submission policy) with their own.
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapLogEndpoints();
        app.MapUnsubscribe();
        app.MapLogStream();
        return app;
    }

    /// <summary>Validates the settings, brings the schema up to date, then serves until SIGTERM or Ctrl+C.</summary>
    public static async Task RunAsync(WebApplication app, CancellationToken cancellationToken)
    {
        _ = app.Services.GetRequiredService<IOptions<ColdMailOptions>>().Value;
        await app.Services.GetRequiredService<ColdMailDatabase>().MigrateAsync(cancellationToken);
        await app.Services.GetRequiredService<WorkspaceService>().EnsureDefaultAsync(cancellationToken);
        await app.RunAsync(cancellationToken);
    }

    private static void MapHealthEndpoints(this WebApplication app)
    {
        // Liveness: the process answers. Readiness: it can also reach its database.
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (ColdMailDatabase database, CancellationToken ct) =>
            await database.CanConnectAsync(ct)
                ? Results.Text("ready")
                : Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    /// <summary>Binds the HTTP URLs; listeners of other protocols add their endpoints beside these.</summary>
    private sealed class KestrelEndpoints(IOptions<ColdMailOptions> options) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions kestrel)
        {
            var urls = options.Value.Http.Urls.Split(
                ';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var url in urls)
            {
                var uri = new Uri(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
                if (uri.Scheme != Uri.UriSchemeHttp)
                {
                    // Limitation: HTTPS for the API is left to a reverse proxy until the certificate is shared.
                    throw new OptionsValidationException(ColdMailOptions.Section, typeof(ColdMailOptions),
                        [$"ColdMail:Http:Urls: only http:// URLs are served directly (was '{url}')."]);
                }
                if (uri.Host == "localhost")
                {
                    kestrel.ListenLocalhost(uri.Port);
                }
                else
                {
                    kestrel.Listen(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
                }
            }
        }
    }
}
