using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>What the desk tests share: the lab team's clicks, Berlin days, the outbox rows and the card of a message.</summary>
public abstract class DeskTestBase<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static int _next = 7100;

    /// <summary>Fresh people per test: the fixture's database is shared by the tests of a class.</summary>
    protected static Persona NewColleague() => TrainingSeed.Colleague(Interlocked.Increment(ref _next));

    protected static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    protected static DateOnly Today => DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow));

    /// <summary>A Berlin wall-clock time on a day, as UTC.</summary>
    protected static DateTime At(DateOnly day, int hour, int minute = 0) => TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, minute)));

    protected static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(TrainingTime.ToBerlin(utc));

    protected Task<JsonObject> AdminAsync(string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, LabTeam, verb, data);

    protected Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    protected static JsonObject Reservation(long id) => new() { ["reservationId"] = id };

    protected Task<List<OutboxMessage>> MessagesAsync(string keyPrefix) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    protected static JsonObject CardOf(OutboxMessage m) => JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    protected Task<List<CheckLine>> LinesAsync(long reservationId, CheckKind kind) =>
        Bot.WithDbAsync(db => db.LendingCheckLines().AsNoTracking().Where(l => l.ReservationId == reservationId && l.Kind == kind).OrderBy(l => l.ItemId).ToListAsync());

    protected Task<List<MaintenanceBlock>> BlocksAsync(long itemId) =>
        Bot.WithDbAsync(db => db.MaintenanceBlocks().AsNoTracking().Where(b => b.ItemId == itemId).OrderBy(b => b.Id).ToListAsync());

    /// <summary>Free units as the one owner counts them (what the reserve rules ask).</summary>
    protected async Task<int> FreeAsync(long itemId, DateTime fromUtc, DateTime toUtc)
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var availability = scope.ServiceProvider.GetRequiredService<Availability>();
        return (await availability.LoadAsync([itemId], fromUtc, toUtc, CancellationToken.None)).Free(itemId, fromUtc, toUtc);
    }

    protected async Task RunAsync<TJob>(DateOnly day) where TJob : ILabJob
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var start = new DateTimeOffset(At(day, 8), TimeSpan.Zero);
        await scope.ServiceProvider.GetRequiredService<TJob>().RunAsync(JobPeriod.Containing(start, JobPeriodKind.Day), CancellationToken.None);
    }

    /// <summary>The lab team's 1:1 chat exists once they have clicked anything (the bot remembers the conversation).</summary>
    protected Task EnsureLabTeamChatAsync() => AdminAsync("lendingAdmin.blocks");

    protected static JsonObject? ActionFor(JsonObject card, string verb, long reservationId) =>
        Infrastructure.Cards.Actions(card).FirstOrDefault(a => a["verb"]!.GetValue<string>() == verb
            && a["data"]?["reservationId"]?.ToString() == reservationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public abstract class DeskBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        // The tests run the jobs themselves, on the day they choose.
        ["Jobs:LendingDeskToday:Enabled"] = "false",
    };
}

public sealed class DeskSqliteBot : DeskBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class DeskPostgresBot : DeskBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
