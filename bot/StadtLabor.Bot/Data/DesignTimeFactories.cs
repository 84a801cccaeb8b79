using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace StadtLabor.Bot.Data;

// Used only by `dotnet ef migrations add` (see README "Changing the data model"); never at run time.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLabDbContext>
{
    public SqliteLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLabDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLabDbContext>
{
    public PostgresLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLabDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
