using System.Data.Common;
using ColdMail.Storage.Entities;

namespace ColdMail.Storage;

/// <summary>
/// The open transaction of one commit of the shared writer, for the writes it groups to stage their rows in.
/// Every statement runs at once, in the order staged, on the writer's connection.
/// </summary>
internal sealed class WriteSession(StatementConnection connection, DbTransaction transaction)
{
    private const string AppendLogSql = """
        INSERT INTO email_log (workspace_id, at, event, message_id, domain_id, mailbox, recipient, code,
            enhanced_code, detail, remote_address, host, tls)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)
        """;

    /// <summary>Runs a statement with parameters <c>@p0</c>, <c>@p1</c>, ...; returns the rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
        => connection.ExecuteAsync(sql, transaction, cancellationToken, values);

    /// <summary>Reads the first row of a query, or returns the default when there is none.</summary>
    public async Task<T?> ReadFirstAsync<T>(
        string sql,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken,
        params object?[] values)
    {
        var command = connection.Command(sql, transaction, values);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? read(reader) : default;
        }
        finally
        {
            connection.Release(command);
        }
    }

    /// <summary>Runs statements of the caller's own on the writer's connection, inside the transaction.</summary>
    public Task<T> RunAsync<T>(Func<StatementConnection, DbTransaction, Task<T>> work) => work(connection, transaction);

    /// <summary>Marks a point inside the transaction that <see cref="RollbackToAsync"/> can return to.</summary>
    public Task SaveAsync(string savepoint, CancellationToken cancellationToken)
        => transaction.SaveAsync(savepoint, cancellationToken);

    /// <summary>Undoes what was staged since the savepoint, which stays open.</summary>
    public Task RollbackToAsync(string savepoint, CancellationToken cancellationToken)
        => transaction.RollbackAsync(savepoint, cancellationToken);

    /// <summary>Ends the savepoint, keeping what was staged since it in the transaction.</summary>
    public Task ReleaseAsync(string savepoint, CancellationToken cancellationToken)
        => transaction.ReleaseAsync(savepoint, cancellationToken);

    /// <summary>Adds an entry to the email log.</summary>
    public Task AppendLogAsync(EmailLogEntry entry, CancellationToken cancellationToken)
        => ExecuteAsync(AppendLogSql, cancellationToken,
            entry.WorkspaceId, entry.At, entry.Event, entry.MessageId, entry.DomainId, entry.Mailbox,
            entry.Recipient, entry.Code, entry.EnhancedCode, entry.Detail, entry.RemoteAddress, entry.Host,
            entry.Tls);
}
