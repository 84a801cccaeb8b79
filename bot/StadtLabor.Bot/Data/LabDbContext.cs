using Microsoft.EntityFrameworkCore;

namespace StadtLabor.Bot.Data;

/// <summary>
/// The one database of the app. Features keep their entities and table configuration in their own folder (picked
/// up below) and reach their table with a small extension, e.g. db.Installations(); no repositories.
/// Instants are stored as UTC DateTime (both providers compare and sort them correctly); shown in Europe/Berlin.
/// </summary>
public class LabDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Set while a turn runs that has not written yet: its first write opens the turn's transaction (<see cref="TurnTransaction"/>).</summary>
    internal bool OpensTransactionOnWrite { get; set; }

    /// <summary>In a turn that has not written yet: the next write must open the turn's transaction first.</summary>
    internal bool AwaitsFirstWrite => OpensTransactionOnWrite && Database.CurrentTransaction is null;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each feature (and the outbox) configures its own tables next to its entities.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LabDbContext).Assembly);
    }
}

/// <summary>SQLite flavour: its own migrations (Data/Migrations/Sqlite).</summary>
public sealed class SqliteLabDbContext(DbContextOptions<SqliteLabDbContext> options) : LabDbContext(options);

/// <summary>PostgreSQL flavour: its own migrations (Data/Migrations/Postgres).</summary>
public sealed class PostgresLabDbContext(DbContextOptions<PostgresLabDbContext> options) : LabDbContext(options);
