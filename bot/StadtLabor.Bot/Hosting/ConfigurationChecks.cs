using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Hosting;

/// <summary>Start-up checks for settings that are read before the options system exists.</summary>
internal static class ConfigurationChecks
{
    public static void ThrowIfDatabaseInvalid(IConfiguration configuration)
    {
        var raw = configuration[DatabaseOptions.Section + ":Provider"];
        if (raw is not null && !Enum.TryParse<DatabaseProvider>(raw, ignoreCase: true, out _))
            throw new InvalidOperationException($"Database:Provider '{raw}' is not known: use Sqlite or Postgres (environment variable Database__Provider).");
        var provider = raw is null ? DatabaseProvider.Sqlite : Enum.Parse<DatabaseProvider>(raw, ignoreCase: true);
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Lab")))
            throw new InvalidOperationException("ConnectionStrings:Lab is missing: Database:Provider=Postgres needs a connection string (environment variable ConnectionStrings__Lab).");
    }
}
