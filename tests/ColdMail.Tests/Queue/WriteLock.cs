using System.Data.Common;
using ColdMail.Configuration;
using ColdMail.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ColdMail.Tests.Queue;

/// <summary>
/// Another client holding the database's write lock, as a long admin transaction or another node
/// would: writes queue up behind it until it is released.
/// </summary>
public sealed class WriteLock : IAsyncDisposable
{
    private readonly DbConnection _connection;

    private WriteLock(DbConnection connection) => _connection = connection;

    public static async Task<WriteLock> TakeAsync(TestInstance instance)
    {
        var database = instance.Database;
        DbConnection connection = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = database.Provider == DatabaseProvider.Sqlite
            ? "BEGIN IMMEDIATE;"
            : "BEGIN; LOCK TABLE messages, email_log IN ACCESS EXCLUSIVE MODE;";
        await command.ExecuteNonQueryAsync();
        return new WriteLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "ROLLBACK;";
            await command.ExecuteNonQueryAsync();
        }
        await _connection.DisposeAsync();
    }
}
