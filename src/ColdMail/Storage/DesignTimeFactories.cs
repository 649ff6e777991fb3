using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ColdMail.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteColdMailDbContext>
{
    public SqliteColdMailDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteColdMailDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running host.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresColdMailDbContext>
{
    public PostgresColdMailDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresColdMailDbContext>().UseNpgsql("Host=localhost").Options);
}
