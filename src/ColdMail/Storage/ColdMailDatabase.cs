using System.Data.Common;
using ColdMail.Common;
using ColdMail.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Storage;

/// <summary>
/// The one way into the database: it knows the provider, creates contexts and brings the schema up to date.
/// Contexts are short-lived; nothing is cached between calls, so a change made by another process
/// (an admin verb while <c>serve</c> runs) is seen by the next query.
/// </summary>
public sealed class ColdMailDatabase
{
    private readonly DbContextOptions<SqliteColdMailDbContext>? _sqlite;
    private readonly DbContextOptions<PostgresColdMailDbContext>? _postgres;

    public ColdMailDatabase(IOptions<ColdMailOptions> options)
    {
        var settings = options.Value;
        Provider = settings.Database.Provider;
        if (Provider == DatabaseProvider.Sqlite)
        {
            ConnectionString = SqliteConnectionString(settings);
            _sqlite = new DbContextOptionsBuilder<SqliteColdMailDbContext>()
                .UseSqlite(ConnectionString)
                .AddInterceptors(SqlitePragmas.Instance)
                .Options;
        }
        else
        {
            ConnectionString = settings.Database.ConnectionString!;
            _postgres = new DbContextOptionsBuilder<PostgresColdMailDbContext>()
                .UseNpgsql(ConnectionString)
                .Options;
        }
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public ColdMailDbContext CreateContext() => _sqlite is not null
        ? new SqliteColdMailDbContext(_sqlite)
        : new PostgresColdMailDbContext(_postgres!);

    /// <summary>Creates or migrates the schema; safe to call from several processes at once.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var context = CreateContext();
        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (admin verbs, the dashboard) run beside the single writer; the setting persists.
            await context.Database.OpenConnectionAsync(cancellationToken);
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await context.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>True when a trivial query succeeds: the readiness probe.</summary>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var context = CreateContext();
            return await context.Database.CanConnectAsync(cancellationToken);
        }
        catch (DbException)
        {
            return false;
        }
    }

    private static string SqliteConnectionString(ColdMailOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.Database.ConnectionString))
        {
            return settings.Database.ConnectionString;
        }
        PrivateDirectory.Create(settings.ResolvedDataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(settings.ResolvedDataDirectory, "coldmail.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Seconds a writer waits for the lock held by another process before giving up.
            DefaultTimeout = 30,
        }.ToString();
    }
}
