using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.LendingSeed;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// The desk's day, on SQLite and PostgreSQL: today's card (pickups, the ones not yet approved, returns due, overdue
/// loans, and nothing else) and the 8:00 message to the lab team (once per day and recipient; none on a weekend,
/// a holiday or a day with nothing to do).
/// </summary>
public abstract class DeskTodayTests<TBot>(TBot fixture) : DeskTestBase<TBot>(fixture) where TBot : BotFixture
{
    [Fact]
    public async Task Today_PickupsReturnsAndOverdue_ListedWithTheirButtonsAndNothingElse()
    {
        var erika = NewColleague();
        var names = Enumerable.Range(0, 6).Select(i => Unique("Heute-Gerät " + i)).ToArray();
        var ids = new long[names.Length];
        for (var i = 0; i < names.Length; i++) ids[i] = await ItemAsync(Bot, names[i], quantity: 2);
        var pickup = await ReservationAsync(Bot, ids[0], erika, At(Today, 12), At(Today.AddDays(2), 11));
        var requested = await ReservationAsync(Bot, ids[1], erika, At(Today, 13), At(Today.AddDays(2), 11), ReservationStatus.Requested);
        var dueToday = await ReservationAsync(Bot, ids[2], erika, At(Today.AddDays(-3), 9), At(Today, 11), ReservationStatus.Lent);
        var overdue = await ReservationAsync(Bot, ids[3], erika, At(Today.AddDays(-6), 9), At(Today.AddDays(-2), 11), ReservationStatus.Lent);
        await ReservationAsync(Bot, ids[4], erika, At(Today.AddDays(1), 10), At(Today.AddDays(2), 11));
        await ReservationAsync(Bot, ids[5], erika, At(Today, 10), At(Today.AddDays(1), 11), ReservationStatus.Cancelled);

        var card = await AdminAsync("lendingAdmin.today");

        var words = Words(card);
        foreach (var shown in names.Take(4)) Assert.Contains(shown, words, StringComparison.Ordinal);
        foreach (var hidden in names.Skip(4)) Assert.DoesNotContain(hidden, words, StringComparison.Ordinal);
        Assert.NotNull(ActionFor(card, "lendingAdmin.handoverForm", pickup));
        Assert.Null(ActionFor(card, "lendingAdmin.handoverForm", requested));
        Assert.Contains(Word.De("lendingDesk.today.notApproved"), words, StringComparison.Ordinal);
        Assert.Contains("lendingAdmin.approvals", Verbs(card));
        Assert.NotNull(ActionFor(card, "lendingAdmin.returnForm", dueToday));
        Assert.NotNull(ActionFor(card, "lendingAdmin.returnForm", overdue));
        Assert.Contains(Word.De("lendingDesk.today.overdue"), words, StringComparison.Ordinal);
        Assert.Equal(Infrastructure.Cards.Actions(card).Count, Infrastructure.Cards.Actions(card).Select(a => a["title"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task TodayJob_RunTwice_OneMessageToTheLabTeamOnly()
    {
        var erika = NewColleague();
        await ClickAsync(erika, "menu.show");
        await EnsureLabTeamChatAsync();
        var day = DayOf(WorkingDayUtc(25));
        var name = Unique("Job-Gerät");
        var item = await ItemAsync(Bot, name);
        await ReservationAsync(Bot, item, erika, At(day, 10), At(day, 15));

        await RunAsync<SendTodayOverview>(day);
        await RunAsync<SendTodayOverview>(day);

        var sent = await MessagesAsync(SendTodayOverview.KeyPrefix(day) + ":");
        var message = Assert.Single(sent);
        Assert.Equal(LabTeam.AadObjectId, message.UserAadObjectId);
        Assert.Contains(name, Words(CardOf(message)), StringComparison.Ordinal);
        Assert.Contains("lendingAdmin.handoverForm", Verbs(CardOf(message)));
    }

    [Fact]
    public async Task TodayJob_WeekendHolidayOrNothingToDo_NoMessage()
    {
        var erika = NewColleague();
        await EnsureLabTeamChatAsync();
        var saturday = Today.AddDays(((int)DayOfWeek.Saturday - (int)Today.DayOfWeek + 7) % 7 + 7);
        var christmas = new DateOnly(Today.Year + 1, 12, 25);
        while (christmas.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) christmas = christmas.AddYears(1);
        foreach (var closed in new[] { saturday, christmas })
        {
            var item = await ItemAsync(Bot, Unique("Geschlossen"));
            await ReservationAsync(Bot, item, erika, At(closed, 10), At(closed, 15));
        }
        // A working day long ago: no pickups then, and no loan was overdue before it.
        var quiet = new DateOnly(2020, 3, 2);

        foreach (var day in new[] { saturday, christmas, quiet }) await RunAsync<SendTodayOverview>(day);

        foreach (var day in new[] { saturday, christmas, quiet }) Assert.Empty(await MessagesAsync(SendTodayOverview.KeyPrefix(day) + ":"));
    }
}

public sealed class DeskTodayTests_Sqlite(DeskSqliteBot bot) : DeskTodayTests<DeskSqliteBot>(bot), IClassFixture<DeskSqliteBot>;

public sealed class DeskTodayTests_Postgres(DeskPostgresBot bot) : DeskTodayTests<DeskPostgresBot>(bot), IClassFixture<DeskPostgresBot>;
