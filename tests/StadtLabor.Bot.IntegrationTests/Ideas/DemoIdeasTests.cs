using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Trainings;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>The ideas demo that ./run.sh shows (Lab:DemoData=true): 20 ideas in every state, two Lotsen, one anonymous idea; seeded once.</summary>
public abstract class DemoIdeasTests<TDemo, TPlain>(TDemo demo, TPlain plain) where TDemo : BotFixture where TPlain : BotFixture
{
    private static T Available<T>(T fixture) where T : BotFixture
    {
        if (fixture.Unavailable is { } reason) Assert.Skip(reason);
        return fixture;
    }

    [Fact]
    public async Task DemoIdeas_On_TwentyIdeasInEveryStateTwoLotsenOneAnonymousSomeOverdue()
    {
        var bot = Available(demo);
        var (ideas, authors, supports, events, lotsen) = await bot.WithDbAsync(async db => (
            await db.Ideas().AsNoTracking().Where(i => i.IntakeKey.StartsWith(DemoIdeas.KeyPrefix)).ToListAsync(),
            await db.IdeaAuthors().AsNoTracking().ToListAsync(),
            await db.IdeaSupports().AsNoTracking().ToListAsync(),
            await db.IdeaEvents().AsNoTracking().ToListAsync(),
            await db.IdeaLotsen().AsNoTracking().ToListAsync()));

        Assert.Equal(DemoIdeas.Count, ideas.Count);
        Assert.Equal(Enum.GetValues<IdeaStatus>().Order(), ideas.Select(i => i.Status).Distinct().Order());
        Assert.Equal(["Jonas Lotse", "Mia Lotsin"], lotsen.Select(l => l.Name).Order());
        var anonymous = Assert.Single(ideas, i => i.Anonymous);
        Assert.All(authors.Where(a => a.IdeaId == anonymous.Id), a => Assert.Equal((true, ""), (a.Anonymous, a.Name)));
        var merged = Assert.Single(ideas, i => i.Status == IdeaStatus.Merged);
        var target = Assert.Single(ideas, i => i.Id == merged.MergedIntoId);
        Assert.Equal(2, authors.Count(a => a.IdeaId == target.Id));
        Assert.All(ideas.Where(i => i.Status == IdeaStatus.Rejected), i =>
            Assert.Contains(events, e => e.IdeaId == i.Id && e.ToStatus == IdeaStatus.Rejected && e.Text.Length > 0));
        Assert.All(ideas, i => Assert.Equal(supports.Count(s => s.IdeaId == i.Id), i.SupportCount));
        Assert.All(ideas, i => Assert.Equal(i.Status.IsClosed(), i.ClosedAtUtc is not null));
        Assert.Contains(events, e => e.Kind == IdeaEventKind.Comment && e.Public);
        Assert.Contains(events, e => e.Kind == IdeaEventKind.Comment && !e.Public);
        Assert.True(ideas.Select(i => i.Department).Distinct().Count() >= 5);
        Assert.Contains(ideas, i => i.Tags.Contains(',', StringComparison.Ordinal));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.True(ideas.Count(i => IdeaDeadline.IsOverdue(i, today)) >= 2);
    }

    [Fact]
    public async Task DemoIdeas_StartedTwice_SeedsOnce()
    {
        var bot = Available(demo);
        var before = await bot.WithDbAsync(db => db.Ideas().CountAsync());
        await bot.App.Services.GetServices<IHostedService>().OfType<DemoIdeas>().Single().StartAsync(CancellationToken.None);
        Assert.Equal(before, await bot.WithDbAsync(db => db.Ideas().CountAsync()));
        Assert.Equal(DemoIdeas.Count, await bot.WithDbAsync(db => db.Ideas().CountAsync(i => i.IntakeKey.StartsWith(DemoIdeas.KeyPrefix))));
    }

    [Fact]
    public async Task DemoIdeas_Off_NothingSeeded()
    {
        var bot = Available(plain);
        Assert.Empty(bot.App.Services.GetServices<IHostedService>().OfType<DemoIdeas>());
        Assert.Equal(0, await bot.WithDbAsync(db => db.Ideas().CountAsync(i => i.IntakeKey.StartsWith(DemoIdeas.KeyPrefix))));
    }
}

public sealed class DemoIdeasTests_Sqlite(DemoSqliteBot demo, SqliteBot plain)
    : DemoIdeasTests<DemoSqliteBot, SqliteBot>(demo, plain), IClassFixture<DemoSqliteBot>, IClassFixture<SqliteBot>;

public sealed class DemoIdeasTests_Postgres(DemoPostgresBot demo, PostgresBot plain)
    : DemoIdeasTests<DemoPostgresBot, PostgresBot>(demo, plain), IClassFixture<DemoPostgresBot>, IClassFixture<PostgresBot>;
