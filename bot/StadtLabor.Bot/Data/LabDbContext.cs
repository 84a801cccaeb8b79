using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Installations;

namespace StadtLabor.Bot.Data;

/// <summary>
/// The one database of the app. Features add their tables here; handlers use it directly (no repositories).
/// Instants are stored as UTC DateTime (both providers compare and sort them correctly); shown in Europe/Berlin.
/// </summary>
public class LabDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Installation> Installations => Set<Installation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LabDbContext).Assembly, t => t.Namespace?.StartsWith("StadtLabor.Bot.Features", StringComparison.Ordinal) == true);
    }
}

/// <summary>SQLite flavour: its own migrations (Data/Migrations/Sqlite).</summary>
public sealed class SqliteLabDbContext(DbContextOptions<SqliteLabDbContext> options) : LabDbContext(options);

/// <summary>PostgreSQL flavour: its own migrations (Data/Migrations/Postgres).</summary>
public sealed class PostgresLabDbContext(DbContextOptions<PostgresLabDbContext> options) : LabDbContext(options);
