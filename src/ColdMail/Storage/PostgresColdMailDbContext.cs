using Microsoft.EntityFrameworkCore;

namespace ColdMail.Storage;

/// <summary>The model on PostgreSQL: times are <c>timestamptz</c>, kept in UTC.</summary>
public sealed class PostgresColdMailDbContext(DbContextOptions<PostgresColdMailDbContext> options)
    : ColdMailDbContext(options);
