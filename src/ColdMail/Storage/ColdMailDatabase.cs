using System.Data.Common;
using ColdMail.Common;
using ColdMail.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace ColdMail.Storage;

/// <summary>
/// The one way into the database: it knows the provider, creates contexts and brings the schema up to date.
/// Contexts are short-lived; nothing is cached between calls, so a change made by another process
/// (an admin verb while <c>serve</c> runs) is seen by the next query.
/// </summary>
public sealed class ColdMailDatabase : IAsyncDisposable
{
    // Contexts are pooled: a context is costly to build and cheap to reset, and the hot path uses one per
    // statement or two.
    private const int PoolSize = 256;

    private readonly PooledDbContextFactory<SqliteColdMailDbContext>? _sqlite;
    private readonly PooledDbContextFactory<SqliteColdMailDbContext>? _sqliteRelaxed;
    private readonly PooledDbContextFactory<PostgresColdMailDbContext>? _postgres;

    // SQLite has one writer at a time. Writers of this process queue here, in order and without polling,
    // instead of in SQLite's busy handler, which sleeps in growing steps of up to 100 ms between tries.
    private readonly SemaphoreSlim? _writeGate;

    public ColdMailDatabase(IOptions<ColdMailOptions> options)
    {
        var settings = options.Value;
        Provider = settings.Database.Provider;
        if (Provider == DatabaseProvider.Sqlite)
        {
            ConnectionString = SqliteConnectionString(settings);
            _sqlite = new(new DbContextOptionsBuilder<SqliteColdMailDbContext>()
                .UseSqlite(ConnectionString)
                .AddInterceptors(SqlitePragmas.Synced)
                .Options, PoolSize);
            _sqliteRelaxed = new(new DbContextOptionsBuilder<SqliteColdMailDbContext>()
                .UseSqlite(ConnectionString)
                .AddInterceptors(SqlitePragmas.Relaxed)
                .Options, PoolSize);
            _writeGate = new SemaphoreSlim(1, 1);
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            if (!string.IsNullOrEmpty(file) && file != ":memory:"
                && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                var path = Path.GetFullPath(file);
                Bodies = new BodyFiles(BodyFiles.DirectoryFor(path), TimeProvider.System);
                Flusher = WalFlusher.ForDatabase(path, Bodies);
            }
        }
        else
        {
            ConnectionString = settings.Database.ConnectionString!;
            _postgres = new(new DbContextOptionsBuilder<PostgresColdMailDbContext>()
                .UseNpgsql(ConnectionString)
                .Options, PoolSize);
        }
        Statements = new StatementPool(Provider, ConnectionString);
    }

    /// <summary>
    /// Where accepted bodies are written on a SQLite file; null where they go into the database (PostgreSQL,
    /// which every node reads, and SQLite without a file of its own).
    /// </summary>
    public BodyFiles? Bodies { get; }

    /// <summary>Connections for the hand-written statements of the per-message path.</summary>
    internal StatementPool Statements { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>
    /// On a SQLite file, makes relaxed commits durable after the write lock is released (see
    /// <see cref="DurableCommits"/>); null otherwise. Tests may put a slower one in its place.
    /// </summary>
    internal WalFlusher? Flusher { get; set; }

    /// <summary>
    /// How a writer that must reach the disk commits: relaxed, then <see cref="FlushAsync"/> before it
    /// acknowledges, where the flusher can do that outside the lock; synced otherwise.
    /// </summary>
    public WriteDurability DurableCommits => Flusher is null ? WriteDurability.Synced : WriteDurability.Relaxed;

    /// <summary>Completes once every commit made before the call is on disk.</summary>
    public Task FlushAsync() => Flusher?.FlushAsync() ?? Task.CompletedTask;

    public string ConnectionString { get; }

    public ColdMailDbContext CreateContext() => CreateContext(WriteDurability.Synced);

    /// <summary>
    /// A context whose commits are as durable as <paramref name="durability"/> says. PostgreSQL commits are
    /// always synced.
    /// </summary>
    public ColdMailDbContext CreateContext(WriteDurability durability) => _sqlite is not null
        ? (durability == WriteDurability.Relaxed ? _sqliteRelaxed! : _sqlite).CreateDbContext()
        : _postgres!.CreateDbContext();

    /// <summary>
    /// Waits for this process's turn to write on SQLite; hold it from the first write statement to the
    /// commit, and take nothing else meanwhile. Other processes (admin verbs) still meet the lock in SQLite
    /// and wait for it there. On PostgreSQL, which has row locks, every caller gets its turn at once.
    /// </summary>
    public async ValueTask<WriteTurn> TakeWriteTurnAsync(CancellationToken cancellationToken)
    {
        if (_writeGate is null)
        {
            return WriteTurn.None;
        }
        await _writeGate.WaitAsync(cancellationToken);
        return new WriteTurn(_writeGate);
    }

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

    public ValueTask DisposeAsync()
    {
        Bodies?.Dispose();
        return Statements.DisposeAsync();
    }

    /// <summary>
    /// A message's stored body, from the body files or the database; null when there is none, or when what the
    /// body files hold is not what was written.
    /// </summary>
    public async Task<byte[]?> ReadBodyAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var context = CreateContext();
        var message = await context.Messages.AsNoTracking()
            .Where(m => m.Id == messageId)
            .Select(m => new { m.BodySegment, m.BodyOffset, m.BodyChecksum, m.Size })
            .FirstOrDefaultAsync(cancellationToken);
        if (message is { BodySegment: { } segment, BodyOffset: { } offset, BodyChecksum: { } checksum })
        {
            return Bodies is null
                ? null
                : await Bodies.ReadAsync(
                    new BodyLocation(segment, offset, checked((int)message.Size), checksum), cancellationToken);
        }
        return await context.MessageBodies.AsNoTracking()
            .Where(b => b.MessageId == messageId)
            .Select(b => b.Content)
            .FirstOrDefaultAsync(cancellationToken);
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
