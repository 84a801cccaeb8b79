using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// The demo trainings that ./run.sh shows (Lab:DemoData=true): seeded once at start, never twice, and not at all when
/// the setting is off (the default, as in production), on SQLite and PostgreSQL.
/// </summary>
public abstract class DemoDataTests<TDemo, TPlain>(TDemo demo, TPlain plain) where TDemo : BotFixture where TPlain : BotFixture
{
    private static T Available<T>(T fixture) where T : BotFixture
    {
        if (fixture.Unavailable is { } reason) Assert.Skip(reason);
        return fixture;
    }

    private sealed record Counts(int Tools, int Sessions, int Registrations);

    private static Task<Counts> CountAsync(BotFixture bot) =>
        bot.WithDbAsync(async db => new Counts(await db.TrainingTools().CountAsync(), await db.TrainingSessions().CountAsync(),
            await db.TrainingRegistrations().CountAsync()));

    [Fact]
    public async Task DemoData_StartedTwice_SeedsOnce()
    {
        var bot = Available(demo);
        var first = await CountAsync(bot);

        // A restart runs the same start-up step again.
        var step = bot.App.Services.GetServices<IHostedService>().OfType<DemoTrainings>().Single();
        await step.StartAsync(CancellationToken.None);

        Assert.Equal(new Counts(6, 7, 12), first);
        Assert.Equal(first, await CountAsync(bot));
    }

    [Fact]
    public async Task DemoData_On_SessionsUpcomingOnWorkdaysOneFullWithWaitlistAndOneToolWithout()
    {
        var bot = Available(demo);
        var (tools, sessions, registrations) = await bot.WithDbAsync(async db => (
            await db.TrainingTools().AsNoTracking().ToListAsync(),
            await db.TrainingSessions().AsNoTracking().ToListAsync(),
            await db.TrainingRegistrations().AsNoTracking().ToListAsync()));

        foreach (var name in new[] { "Miro", "Trello", "Stackfield", "Agiles Arbeiten mit Scrum" })
        {
            var tool = Assert.Single(tools, t => t.Name == name);
            Assert.Contains(sessions, s => s.ToolId == tool.Id);
        }
        var withoutSession = Assert.Single(tools, t => sessions.All(s => s.ToolId != t.Id));
        Assert.Equal("Microsoft Planner", withoutSession.Name);

        foreach (var session in sessions)
        {
            var start = TrainingTime.ToBerlin(session.StartsAtUtc);
            var end = TrainingTime.ToBerlin(session.EndsAtUtc);
            Assert.InRange(session.StartsAtUtc, DateTime.UtcNow, DateTime.UtcNow.AddDays(29));
            Assert.InRange(start.Hour, 8, 15);
            Assert.InRange(end.Hour, 9, 17);
            Assert.True(start.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{session.Title} is on a {start.DayOfWeek}");
            Assert.True(session.Place.Length > 0 || session.OnlineUrl.StartsWith("https://", StringComparison.Ordinal), session.Title);
        }
        Assert.Single(sessions, s => s.OnlineUrl.StartsWith("https://teams.microsoft.com/", StringComparison.Ordinal));

        var full = Assert.Single(sessions, s => registrations.Count(r => r.SessionId == s.Id && r.HoldsSeat) == s.Capacity);
        var line = registrations.Where(r => r.SessionId == full.Id && r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.WaitlistSeq).ToList();
        Assert.Equal([1L, 2L, 3L], line.Select(r => r.WaitlistSeq));
        Assert.All(registrations, r => Assert.StartsWith(DemoTrainings.ColleagueIdPrefix, r.UserAadObjectId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DemoData_On_CatalogueShowsTheFullSessionWithItsWaitlist()
    {
        var bot = Available(demo);

        var body = await bot.InvokeAsync(Execute(bot, Colleague(7001), "trainings.list", conversationId: "a:personal-demo"));

        var words = Words(Card(body)!);
        Assert.Contains("Stackfield Grundlagen", words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.fullWaitlist", 3), words, StringComparison.Ordinal);
        Assert.Contains("Miro für Einsteiger", words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoData_Off_FreshStartSeedsNothing()
    {
        var bot = Available(plain);

        Assert.Empty(bot.App.Services.GetServices<IHostedService>().OfType<DemoTrainings>());
        Assert.Equal(new Counts(0, 0, 0), await CountAsync(bot));
    }
}

public sealed class DemoSqliteBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [DemoTrainings.Setting] = "true" };
}

public sealed class DemoPostgresBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [DemoTrainings.Setting] = "true" };
}

public sealed class DemoDataTests_Sqlite(DemoSqliteBot demo, SqliteBot plain)
    : DemoDataTests<DemoSqliteBot, SqliteBot>(demo, plain), IClassFixture<DemoSqliteBot>, IClassFixture<SqliteBot>;

public sealed class DemoDataTests_Postgres(DemoPostgresBot demo, PostgresBot plain)
    : DemoDataTests<DemoPostgresBot, PostgresBot>(demo, plain), IClassFixture<DemoPostgresBot>, IClassFixture<PostgresBot>;
