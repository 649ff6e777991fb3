using System.Data;
using System.Data.Common;
using System.Globalization;
using ColdMail.Configuration;

namespace ColdMail.Storage;

/// <summary>
/// An open connection that runs the hand-written statements of the per-message path. On SQLite each
/// statement is prepared once and kept with the connection, so running it again costs only the binding and the
/// step; PostgreSQL prepares through Npgsql's automatic preparation. Values are converted to what the columns
/// hold on each provider, so callers pass and read CLR values. One caller at a time.
/// </summary>
internal sealed class StatementConnection : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand>? _prepared;

    /// <summary>Takes <paramref name="connection"/>, open, and closes it when disposed.</summary>
    public StatementConnection(DbConnection connection, DatabaseProvider provider)
    {
        Connection = connection;
        Provider = provider;
        _prepared = provider == DatabaseProvider.Sqlite ? new(StringComparer.Ordinal) : null;
    }

    public DbConnection Connection { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>False once the connection failed or closed: it is not reused.</summary>
    public bool IsUsable => Connection.State == ConnectionState.Open;

    /// <summary>
    /// The statement <paramref name="sql"/>, whose parameters are <c>@p0</c>, <c>@p1</c>, ... in the order of
    /// <paramref name="values"/>, bound to them and to <paramref name="transaction"/>. The command belongs to
    /// this connection: run it, do not dispose it.
    /// </summary>
    public DbCommand Command(string sql, DbTransaction? transaction, params ReadOnlySpan<object?> values)
    {
        DbCommand? command = null;
        if (_prepared is not null && _prepared.TryGetValue(sql, out command))
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = ToColumn(values[i]);
            }
        }
        else
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
                parameter.Value = ToColumn(values[i]);
                command.Parameters.Add(parameter);
            }
            _prepared?.Add(sql, command);
        }
        command.Transaction = transaction;
        return command;
    }

    public async Task<int> ExecuteAsync(
        string sql,
        DbTransaction? transaction,
        CancellationToken cancellationToken,
        params object?[] values)
    {
        var command = Command(sql, transaction, values);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            Release(command);
        }
    }

    /// <summary>
    /// Gives back a command that <see cref="Command"/> made: kept on SQLite, without its values (a message body
    /// is not held until the statement's next use), and disposed otherwise.
    /// </summary>
    public void Release(DbCommand command)
    {
        if (_prepared is null)
        {
            command.Dispose();
            return;
        }
        foreach (DbParameter parameter in command.Parameters)
        {
            parameter.Value = DBNull.Value;
        }
    }

    /// <summary>A value as the column stores it: on SQLite, Guids as upper-case text and times as UTC ticks.</summary>
    public object ToColumn(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id when Provider == DatabaseProvider.Sqlite => id.ToString().ToUpperInvariant(),
        DateTimeOffset at when Provider == DatabaseProvider.Sqlite => at.UtcTicks,
        DateTimeOffset at => at.ToUniversalTime(),
        DateOnly day when Provider == DatabaseProvider.Sqlite
            => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => Provider == DatabaseProvider.Sqlite
        ? new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero)
        : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public DateTimeOffset? ReadOptionalTime(DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public async ValueTask DisposeAsync()
    {
        if (_prepared is not null)
        {
            foreach (var command in _prepared.Values)
            {
                await command.DisposeAsync();
            }
            _prepared.Clear();
        }
        await Connection.DisposeAsync();
    }
}
