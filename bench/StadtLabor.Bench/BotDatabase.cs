using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bench;

/// <summary>
/// A fresh database for one bot (a SQLite file, or a new database on the PostgreSQL server), reached through the
/// app's own data layer: seeding trainings and counting outbox rows read the tables the way the bot does.
/// </summary>
public sealed class BotDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly ServiceProvider _services;

    private BotDatabase(TestDatabase database)
    {
        _database = database;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Lab"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddLabData(configuration);
        _services = services.BuildServiceProvider();
    }

    public DatabaseProvider Provider => _database.Provider;
    public string ConnectionString => _database.ConnectionString;

    /// <summary>Made (and dropped) the way the integration tests make theirs: the same linked TestDatabase.</summary>
    public static async Task<BotDatabase> CreateAsync(DatabaseProvider provider, string folder, string? postgresServer) =>
        new(await TestDatabase.CreateAsync(provider, folder, postgresServer));

    /// <summary>
    /// Four tools with three sessions each in the coming two weeks (what "schulungen" lists), every one with room for far
    /// more sign-ups than a run makes, above the form's limit on purpose: a full session would measure the waitlist.
    /// Call after the bot is ready (it migrates at start).
    /// </summary>
    public async Task<IReadOnlyList<long>> SeedTrainingsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var now = DateTime.UtcNow;
        var sessions = new List<TrainingSession>();
        string[] tools = ["Miro", "Trello", "Stackfield", "Scrum"];
        for (var t = 0; t < tools.Length; t++)
        {
            var tool = new TrainingTool { Name = tools[t], CreatedAtUtc = now };
            db.TrainingTools().Add(tool);
            await db.SaveChangesAsync();
            for (var s = 0; s < 3; s++)
            {
                var start = now.Date.AddDays(3 + t + 4 * s).AddHours(8);
                sessions.Add(new TrainingSession
                {
                    ToolId = tool.Id,
                    Title = $"{tools[t]} für Einsteiger",
                    Description = "Board anlegen, Ideen sammeln, gemeinsam sortieren.",
                    Prerequisites = "Laptop mit Browser",
                    StartsAtUtc = start,
                    EndsAtUtc = start.AddHours(2),
                    Place = "stadtLABOR, Raum 1.12",
                    Trainer = "Jana Becker",
                    Capacity = 1_000_000,
                    CreatedAtUtc = now,
                    UpdatedAtUtc = now,
                });
            }
        }
        db.TrainingSessions().AddRange(sessions);
        await db.SaveChangesAsync();
        return sessions.Select(s => s.Id).ToList();
    }

    public async Task<int> PendingOutboxAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        return await db.OutboxMessages().CountAsync(m => m.Status == OutboxStatus.Pending);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
