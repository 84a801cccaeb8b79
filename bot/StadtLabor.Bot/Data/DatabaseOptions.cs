namespace StadtLabor.Bot.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Section "Database"; the connection string is ConnectionStrings:Lab.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
