using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The app's data layer (the real AddLabData registration and OutboxWriter) on a test database, without the app:
/// for tests whose bot runs elsewhere (its own process, or several apps) and that seed or inspect the database directly.
/// </summary>
public sealed class DirectDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private DirectDatabase(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    /// <summary>Opens the database and applies the app's migrations (as the app would at start).</summary>
    public static async Task<DirectDatabase> OpenAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Lab"] = database.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddLabData(configuration);
        services.AddScoped<OutboxWriter>();
        var direct = new DirectDatabase(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
        await direct.Services.MigrateLabDatabaseAsync();
        return direct;
    }

    public async Task<T> QueryAsync<T>(Func<LabDbContext, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LabDbContext>());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
