using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ColdMail.Bench.LogSearch;

/// <summary>
/// Shows how SQLite answers a search: it listens to the commands EF Core sends (its diagnostic events
/// carry the SQL and the parameters) and asks SQLite for the plan of the last one with EXPLAIN QUERY PLAN.
/// </summary>
internal sealed class QueryPlans : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>,
    IDisposable
{
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private (string Sql, SqliteParameter[] Parameters)? _last;

    public QueryPlans() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>The SQL of the last command sent, on one line.</summary>
    public string? LastSql => _last?.Sql.ReplaceLineEndings(" ");

    /// <summary>The plan of the last command sent, one line per step, indented by depth.</summary>
    public async Task<IReadOnlyList<string>> ExplainLastAsync(
        string connectionString,
        CancellationToken cancellationToken)
    {
        if (_last is not var (sql, parameters))
        {
            return [];
        }
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var depth = new Dictionary<long, int>();
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var level = depth.TryGetValue(reader.GetInt64(1), out var parent) ? parent + 1 : 0;
            depth[id] = level;
            lines.Add(new string(' ', 2 * level) + reader.GetString(3));
        }
        return lines;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            _listeners.Add(value.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
        {
            // Bound as EF Core bound them: the type decides how SQLite compares (a Guid as text, not blob).
            _last = (data.Command.CommandText, data.Command.Parameters.Cast<SqliteParameter>()
                .Select(p => new SqliteParameter(p.ParameterName, p.Value) { SqliteType = p.SqliteType })
                .ToArray());
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }
}
