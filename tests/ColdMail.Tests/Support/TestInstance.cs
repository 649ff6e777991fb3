using ColdMail.Configuration;
using ColdMail.Hosting;
using ColdMail.Storage;
using ColdMail.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ColdMail.Tests.Support;

/// <summary>
/// A fresh installation for one test: its own data directory and its own database, SQLite or PostgreSQL,
/// with the schema migrated and the default workspace created. Disposing removes both.
/// </summary>
public sealed class TestInstance : IAsyncDisposable
{
    /// <summary>An admin connection string to a PostgreSQL server; set in CI so the Postgres tests run.</summary>
    public const string PostgresVariable = "COLDMAIL_TEST_POSTGRES";

    private readonly string? _postgresDatabase;

    private TestInstance(
        string dataDirectory,
        Dictionary<string, string?> settings,
        ServiceProvider services,
        string? postgresDatabase)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
        Services = services;
        _postgresDatabase = postgresDatabase;
    }

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public string DataDirectory { get; }

    /// <summary>The settings that point any host or verb at this instance; tests may add to them before use.</summary>
    public Dictionary<string, string?> Settings { get; }

    public ServiceProvider Services { get; }

    public ColdMailDatabase Database => Services.GetRequiredService<ColdMailDatabase>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<TestInstance> CreateAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "coldmail-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var settings = new Dictionary<string, string?>
        {
            ["ColdMail:DataDirectory"] = dataDirectory,
            ["ColdMail:Database:Provider"] = provider.ToString(),
            ["ColdMail:Smtp:Hostname"] = "mail.test.example",
            // Off unless a test asks for it, so parallel servers never race for its default port.
            ["ColdMail:Delivery:BounceListenerPort"] = "0",
        };
        string? postgresDatabase = null;
        if (provider == DatabaseProvider.Postgres)
        {
            (postgresDatabase, var connectionString) = await CreatePostgresDatabaseAsync();
            settings["ColdMail:Database:ConnectionString"] = connectionString;
        }
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddColdMailCore(configuration);
        var provided = services.BuildServiceProvider();
        await provided.GetRequiredService<ColdMailDatabase>().MigrateAsync(CancellationToken.None);
        await provided.GetRequiredService<WorkspaceService>().EnsureDefaultAsync(CancellationToken.None);
        return new TestInstance(dataDirectory, settings, provided, postgresDatabase);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(AdminConnectionString());
            await admin.OpenAsync();
            var sql = $"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)";
            await using var drop = new NpgsqlCommand(sql, admin);
            await drop.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned by the system.
        }
    }

    private static string AdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        // In CI a missing server is a failure, never a silent skip.
        Skip.If(string.IsNullOrEmpty(value) && !inCi, $"{PostgresVariable} is not set; PostgreSQL tests are skipped.");
        return value ?? throw new InvalidOperationException($"CI must set {PostgresVariable}.");
    }

    private static async Task<(string Database, string ConnectionString)> CreatePostgresDatabaseAsync()
    {
        var adminConnectionString = AdminConnectionString();
        var name = "coldmail_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        return (name, builder.ConnectionString);
    }
}
