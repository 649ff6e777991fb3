namespace ColdMail.Configuration;

public sealed class DatabaseOptions
{
    /// <summary>SQLite is the embedded default; PostgreSQL when several nodes share one database.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty means <c>coldmail.db</c> in the data directory (SQLite only).</summary>
    public string? ConnectionString { get; set; }
}
