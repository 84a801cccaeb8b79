using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The app the ideas tests share, one per database (a collection fixture: starting an app per test class cost too
/// much test time): Jonas and Mia are Lotsen, Ines is Innovation, Sam the lab team; new ideas are announced in the
/// Lotsen channel <see cref="IdeaSeed.LotsenChannel"/> once a test has added the bot there (IdeaSeed.ChannelAsync).
/// Tests share the database, so each arranges its own ideas and looks only at them.
/// </summary>
public abstract class IdeasBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:Lotse:0"] = Activities.Lotse.AadObjectId,
        ["Roles:Lotse:1"] = Activities.Lotsin.AadObjectId,
        ["Roles:Innovation:0"] = Activities.Innovation.AadObjectId,
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
        ["Ideas:LotsenConversationId"] = IdeaSeed.LotsenChannel,
        // The escalation would touch every test's overdue ideas at 8:00; its tests run it themselves on their own app.
        [$"Jobs:{StadtLabor.Bot.Features.Ideas.Jobs.EscalateIdeas.Name}:Enabled"] = "false",
    };
}

public sealed class SqliteIdeasBot : IdeasBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresIdeasBot : IdeasBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Test classes on the SQLite ideas app: <c>[Collection(IdeasCollections.Sqlite)]</c>.</summary>
[CollectionDefinition(IdeasCollections.Sqlite)]
public sealed class SqliteIdeasGroup : ICollectionFixture<SqliteIdeasBot>;

/// <summary>Test classes on the PostgreSQL ideas app: <c>[Collection(IdeasCollections.Postgres)]</c>.</summary>
[CollectionDefinition(IdeasCollections.Postgres)]
public sealed class PostgresIdeasGroup : ICollectionFixture<PostgresIdeasBot>;

public static class IdeasCollections
{
    public const string Sqlite = "ideas-sqlite";
    public const string Postgres = "ideas-postgres";
}

/// <summary>Ideas written straight into the bot's database, for arranging a state (no rules checked).</summary>
public static class IdeaSeed
{
    public const string LotsenChannel = "19:lotsen-soest@thread.tacv2";

    /// <summary>The bot added to the Lotsen channel (as Teams announces it), so new ideas are posted there.</summary>
    public static async Task ChannelAsync(BotFixture bot)
    {
        using var response = await bot.PostAsync(Activities.BotAdded(bot, Activities.Lotse, LotsenChannel, "channel"));
        Assert.True(response.IsSuccessStatusCode);
    }

    /// <summary>A title unique per test (the database is shared by the tests of a collection).</summary>
    public static string Unique(string title) => title + " " + Guid.NewGuid().ToString("N")[..6];

    /// <summary>An idea by <paramref name="author"/>, submitted <paramref name="daysAgo"/> days ago, with its author row and first history entry.</summary>
    public static Task<long> IdeaAsync(BotFixture bot, string title, Activities.Persona author, IdeaStatus status = IdeaStatus.Submitted,
        bool anonymous = false, string description = "Damit es im Alltag schneller geht.", string department = "",
        int daysAgo = 0, Action<Idea>? adjust = null) =>
        bot.WithDbAsync(async db =>
        {
            var at = DateTime.UtcNow.AddDays(-daysAgo);
            var idea = new Idea
            {
                Title = title,
                Description = description,
                Department = department,
                Status = status,
                Anonymous = anonymous,
                TenantId = BotFixture.TenantId,
                SubmittedAtUtc = at,
                UpdatedAtUtc = at,
                FirstResponseDueOn = IdeaDeadline.DueOn(at, 5),
                IntakeKey = Guid.NewGuid().ToString("N"),
                ClosedAtUtc = status.IsClosed() ? at : null,
            };
            adjust?.Invoke(idea);
            db.Ideas().Add(idea);
            await db.SaveChangesAsync();
            db.IdeaAuthors().Add(new IdeaAuthor
            {
                IdeaId = idea.Id,
                OriginalIdeaId = idea.Id,
                UserAadObjectId = author.AadObjectId,
                TenantId = BotFixture.TenantId,
                Name = anonymous ? "" : author.Name,
                Anonymous = anonymous,
                Lang = "de",
                CreatedAtUtc = at,
            });
            db.IdeaEvents().Add(new IdeaEvent { IdeaId = idea.Id, Kind = IdeaEventKind.Submitted, ToStatus = IdeaStatus.Submitted, CreatedAtUtc = at });
            await db.SaveChangesAsync();
            return idea.Id;
        });

    /// <summary>A support of <paramref name="p"/>, written directly (the count kept with it).</summary>
    public static Task SupportAsync(BotFixture bot, long ideaId, Activities.Persona p) =>
        bot.WithDbAsync(async db =>
        {
            db.IdeaSupports().Add(new IdeaSupport { IdeaId = ideaId, UserAadObjectId = p.AadObjectId, TenantId = BotFixture.TenantId, CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return await db.Ideas().Where(i => i.Id == ideaId).ExecuteUpdateAsync(s => s.SetProperty(i => i.SupportCount, i => i.SupportCount + 1));
        });

    public static Task<Idea> LoadAsync(BotFixture bot, long ideaId) =>
        bot.WithDbAsync(db => db.Ideas().AsNoTracking().SingleAsync(i => i.Id == ideaId));

    public static Task<List<IdeaEvent>> EventsAsync(BotFixture bot, long ideaId) =>
        bot.WithDbAsync(db => db.IdeaEvents().AsNoTracking().Where(e => e.IdeaId == ideaId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>The idea form's inputs as Teams sends them (strings), with a fresh draft id unless given.</summary>
    public static JsonObject Form(string title, string description = "Damit es im Alltag schneller geht.", string department = "",
        bool anonymous = false, string? draftId = null) => new()
    {
        ["draftId"] = draftId ?? Guid.NewGuid().ToString("D"),
        ["title"] = title,
        ["description"] = description,
        ["department"] = department,
        ["anonymous"] = anonymous ? "true" : "false",
    };
}
