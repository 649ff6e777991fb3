using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ColdMail.Configuration;
using ColdMail.Hosting;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using ColdMail.Workspaces;
using Microsoft.Extensions.Options;

namespace ColdMail.Cli;

/// <summary>
/// One verb's run: its parsed options, its output and the services it works with, built on first use from
/// the same configuration and database as <c>serve</c>.
/// </summary>
public sealed class CliContext(ParseResult parseResult, CliEnvironment environment) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonStyle = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private ServiceProvider? _services;

    public ParseResult ParseResult { get; } = parseResult;

    public CliEnvironment Environment { get; } = environment;

    public bool Json => ParseResult.GetValue(CliOptions.Json);

    public TextWriter Out => Environment.Out;

    public T GetValue<T>(Option<T> option) => ParseResult.GetValue(option)!;

    public T GetValue<T>(Argument<T> argument) => ParseResult.GetValue(argument)!;

    /// <summary>The services, with the schema migrated and the default workspace in place.</summary>
    public async Task<IServiceProvider> ServicesAsync(CancellationToken cancellationToken)
    {
        if (_services is not null)
        {
            return _services;
        }
        var configuration = new ConfigurationManager();
        ConfigurationSources.Apply(configuration, ParseResult.GetValue(CliOptions.Config), []);
        configuration.AddInMemoryCollection(Environment.Settings);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddColdMailCore(configuration);
        _services = services.BuildServiceProvider();

        // Reading the value runs the validator: a bad setting stops here with the key named.
        _ = _services.GetRequiredService<IOptions<ColdMailOptions>>().Value;
        await _services.GetRequiredService<ColdMailDatabase>().MigrateAsync(cancellationToken);
        await _services.GetRequiredService<WorkspaceService>().EnsureDefaultAsync(cancellationToken);
        return _services;
    }

    public async Task<T> GetAsync<T>(CancellationToken cancellationToken) where T : notnull
        => (await ServicesAsync(cancellationToken)).GetRequiredService<T>();

    /// <summary>The workspace named by <c>--workspace</c>, or the only one.</summary>
    public async Task<Workspace> WorkspaceAsync(CancellationToken cancellationToken)
    {
        var workspaces = await GetAsync<WorkspaceService>(cancellationToken);
        return await workspaces.ResolveAsync(ParseResult.GetValue(CliOptions.Workspace), cancellationToken);
    }

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonStyle));

    /// <summary>Prints rows as aligned columns under a header line.</summary>
    public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => c ?? "-").ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length)))
            .ToArray();
        Out.WriteLine(FormatRow(headers, widths));
        foreach (var row in all)
        {
            Out.WriteLine(FormatRow(row, widths));
        }
    }

    private static string FormatRow(IReadOnlyList<string> cells, int[] widths)
        => string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
