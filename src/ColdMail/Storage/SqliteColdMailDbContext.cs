using Microsoft.EntityFrameworkCore;

namespace ColdMail.Storage;

/// <summary>The model on SQLite: times are stored as UTC ticks so that they sort and compare in SQL.</summary>
public sealed class SqliteColdMailDbContext(DbContextOptions<SqliteColdMailDbContext> options)
    : ColdMailDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type; text DateTimeOffset values cannot be compared in queries.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}
