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

    /// <summary>
    /// SQLite only: Full (default) makes every commit wait until the disk has it (an fsync, about 1.7 ms on the
    /// reference machine), so not even a power cut loses a sign-up. Normal lets the operating system write it a moment
    /// later: an app crash still loses nothing and the file never breaks, but a power cut or OS crash may lose the
    /// last commits; writes get about 30 times faster. PostgreSQL is the choice for both at once.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;
}

public enum SqliteSynchronous
{
    Full,
    Normal,
}
