using ColdMail.Hosting;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ColdMail.Bench.LogSearch;

/// <summary>
/// A fresh SQLite installation in a temporary directory, migrated by the server's own migrations and
/// built with its own services, so that searches run exactly as the CLI and the API run them.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private const int RowsPerTransaction = 50_000;

    private readonly ServiceProvider _services;
    private readonly bool _keep;

    private BenchDatabase(string directory, ServiceProvider services, bool keep)
    {
        Directory = directory;
        _services = services;
        _keep = keep;
    }

    public string Directory { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<BenchDatabase> CreateAsync(bool keep, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "coldmail-log-search-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ColdMail:DataDirectory"] = directory,
                ["ColdMail:Smtp:Hostname"] = "bench.example",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddColdMailCore(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ColdMailDatabase>().MigrateAsync(cancellationToken);
        return new BenchDatabase(directory, provider, keep);
    }

    /// <summary>The corpus's workspaces and domains, through the model as the server writes them.</summary>
    public async Task<(Workspace[] Workspaces, Domain[] Domains)> AddOwnersAsync(
        LogCorpus corpus,
        CancellationToken cancellationToken)
    {
        var now = corpus.End;
        var workspaces = Enumerable.Range(0, CorpusShape.WorkspaceShares.Count)
            .Select(w => new Workspace { Id = Guid.CreateVersion7(), Name = $"team{w}", CreatedAt = now })
            .ToArray();
        var domains = corpus.Domains
            .Select(d => new Domain
            {
                Id = Guid.CreateVersion7(),
                WorkspaceId = workspaces[d.Workspace].Id,
                Name = d.Name,
                CreatedAt = now,
                VerificationState = DomainVerificationState.Verified,
                MailboxDailyLimit = 200,
            })
            .ToArray();
        await using var db = Get<ColdMailDatabase>().CreateContext();
        db.Workspaces.AddRange(workspaces);
        db.Domains.AddRange(domains);
        await db.SaveChangesAsync(cancellationToken);
        return (workspaces, domains);
    }

    /// <summary>
    /// Writes the rows with plain batched INSERTs, a few transactions in all. The append-only triggers
    /// allow inserts; durability is off for this connection only, since the file is thrown away.
    /// </summary>
    public async Task InsertAsync(
        IReadOnlyList<LogRow> rows,
        IReadOnlyList<Workspace> workspaces,
        IReadOnlyList<Domain> domains,
        CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(Get<ColdMailDatabase>().ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        // The model stores Guids as upper-case text on SQLite; the same form keeps equality exact.
        var workspaceIds = workspaces.Select(w => Text(w.Id)).ToArray();
        var domainIds = domains.Select(d => Text(d.Id)).ToArray();

        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO email_log (workspace_id, at, event, message_id, domain_id, mailbox, recipient, code,
                enhanced_code, detail, remote_address, host, tls)
            VALUES ($w, $at, $event, $message, $domain, $mailbox, $recipient, $code, $enhanced, $detail,
                $remote, $host, $tls)
            """;
        var parameters = new[]
        {
            "$w", "$at", "$event", "$message", "$domain", "$mailbox", "$recipient", "$code", "$enhanced",
            "$detail", "$remote", "$host", "$tls",
        }.Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();

        for (var start = 0; start < rows.Count; start += RowsPerTransaction)
        {
            await using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var end = Math.Min(rows.Count, start + RowsPerTransaction);
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                parameters[0].Value = workspaceIds[row.Workspace];
                parameters[1].Value = row.AtTicks;
                parameters[2].Value = row.Event;
                parameters[3].Value = row.MessageId is { } message ? Text(message) : DBNull.Value;
                parameters[4].Value = row.Domain >= 0 ? domainIds[row.Domain] : DBNull.Value;
                parameters[5].Value = (object?)row.Mailbox ?? DBNull.Value;
                parameters[6].Value = (object?)row.Recipient ?? DBNull.Value;
                parameters[7].Value = (object?)row.Code ?? DBNull.Value;
                parameters[8].Value = (object?)row.EnhancedCode ?? DBNull.Value;
                parameters[9].Value = (object?)row.Detail ?? DBNull.Value;
                parameters[10].Value = (object?)row.RemoteAddress ?? DBNull.Value;
                parameters[11].Value = (object?)row.Host ?? DBNull.Value;
                parameters[12].Value = row.Tls is { } tls ? (tls ? 1 : 0) : DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The database file's size in bytes, after a checkpoint folds the WAL into it.</summary>
    public async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        await using var db = Get<ColdMailDatabase>().CreateContext();
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        return new FileInfo(Path.Combine(Directory, "coldmail.db")).Length;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!_keep)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();
}
