using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Features.Trainings.Calendar;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>
/// Booked seats become one Outlook event in the lab's mailbox, through the Graph call queue: sign-ups and
/// cancellations change only its attendee list, a move changes time and place and keeps the Teams meeting, a cancelled
/// session cancels the event with a comment; retries and a crash between Graph's answer and the commit still leave
/// one event (transactionId).
/// </summary>
public abstract class TrainingInvitationTests<TBot>(TBot bot, int range) where TBot : GraphBot
{
    private readonly bool _ = GraphBot.Available(bot);
    private const string Mailbox = GraphBot.OrganizerMailbox;

    /// <summary>Colleague n, known to the directory with an address (unless <paramref name="inDirectory"/> is false).</summary>
    private Persona Person(int n, bool inDirectory = true)
    {
        var p = TrainingSeed.Colleague(range + n);
        if (inDirectory) bot.Graph.AddPerson(p.AadObjectId, Address(p));
        return p;
    }

    private static string Address(Persona p) => $"{p.Id[3..]}@soest.example";

    private Task<long> SessionAsync(string title, bool online = false) => TrainingSeed.SessionAsync(bot, capacity: 6, title: title,
        adjust: s => s.OnlineUrl = online ? "https://teams.microsoft.com/l/meetup-join/lab" : "");

    private JsonObject? EventOf(string title) =>
        bot.Graph.EventsOf(Mailbox).SingleOrDefault(e => e["subject"]?.GetValue<string>().StartsWith(title, StringComparison.Ordinal) == true);

    private List<GraphRequest> Requests(string method, string pathEnd) =>
        [.. bot.Graph.Requests.Where(r => r.Method == method && r.Path.Contains("/users/", StringComparison.Ordinal) && r.Path.EndsWith(pathEnd, StringComparison.Ordinal))];

    [Fact]
    public async Task Invitations_SignUpsCancelMoveAndCancelSession_OneEventFollowsTheSession()
    {
        var title = "Teams-Schulung " + Guid.NewGuid().ToString("N")[..8];
        var id = await SessionAsync(title, online: true);
        Persona a = Person(1), b = Person(2), c = Person(3), stranger = Person(4, inDirectory: false);

        var card = await TrainingSeed.ClickAsync(bot, a, "trainings.signUp", TrainingSeed.Session(id));
        Assert.Contains(Word.De("trainingsCalendar.invitationTeams"), Infrastructure.Cards.Words(card), StringComparison.Ordinal);
        await bot.DrainGraphAsync();
        var created = EventOf(title);
        Assert.NotNull(created);
        Assert.Equal([Address(a)], GraphStub.Attendees(created));
        Assert.True(created["isOnlineMeeting"]!.GetValue<bool>());
        Assert.Equal("teamsForBusiness", created["onlineMeetingProvider"]!.GetValue<string>());
        var joinUrl = created["onlineMeeting"]!["joinUrl"]!.GetValue<string>();
        var eventId = created["id"]!.GetValue<string>();

        foreach (var p in new[] { b, c, stranger }) await TrainingSeed.ClickAsync(bot, p, "trainings.signUp", TrainingSeed.Session(id));
        await bot.DrainGraphAsync();
        // The person the directory does not know keeps the .ics and holds nobody up.
        Assert.Equal(new[] { Address(a), Address(b), Address(c) }.Order(StringComparer.OrdinalIgnoreCase), GraphStub.Attendees(EventOf(title)!));
        Assert.Single(Requests("POST", "/events"), r => r.Body?["subject"]?.GetValue<string>().StartsWith(title, StringComparison.Ordinal) == true);

        await TrainingSeed.ClickAsync(bot, b, "trainings.cancel", TrainingSeed.ConfirmedCancel(id));
        await bot.DrainGraphAsync();
        var lastPatch = Requests("PATCH", "/events/" + eventId).Last();
        Assert.Equal(["attendees"], PropertiesOf(lastPatch.Body));
        Assert.Equal(new[] { Address(a), Address(c) }.Order(StringComparer.OrdinalIgnoreCase), GraphStub.Attendees(EventOf(title)!));

        var movedTo = await MoveAsync(id);
        await bot.DrainGraphAsync();
        var move = Requests("PATCH", "/events/" + eventId).Last();
        Assert.DoesNotContain("attendees", PropertiesOf(move.Body));
        Assert.DoesNotContain("isOnlineMeeting", PropertiesOf(move.Body));
        var moved = EventOf(title)!;
        Assert.Equal(movedTo, DateTime.Parse(moved["start"]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal(joinUrl, moved["onlineMeeting"]!["joinUrl"]!.GetValue<string>());
        Assert.Equal(2, GraphStub.Attendees(moved).Count);

        await CancelSessionAsync(id);
        await bot.DrainGraphAsync();
        Assert.True(EventOf(title)!["isCancelled"]!.GetValue<bool>());
        Assert.Contains(title, bot.Graph.CancelComment(eventId), StringComparison.Ordinal);
        Assert.Single(Requests("POST", $"/events/{eventId}/cancel"));
        Assert.Single(bot.Graph.EventsOf(Mailbox), e => e["subject"]!.GetValue<string>().StartsWith(title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_AfterThrottlingAndACrashBetweenCallAndCommit_StillOneEvent()
    {
        var title = "Miro-Schulung " + Guid.NewGuid().ToString("N")[..8];
        var id = await SessionAsync(title);
        Persona a = Person(11), b = Person(12);
        bool IsCreate(Microsoft.AspNetCore.Http.HttpRequest r) => r.Method == "POST" && r.Path.Value!.EndsWith("/events", StringComparison.Ordinal);
        bot.Graph.Fail(IsCreate, 503, retryAfterSeconds: 0);
        bot.Graph.Fail(IsCreate, 429, retryAfterSeconds: 0);
        // Graph makes the event but the bot never hears of it: as if it crashed between the call and its commit.
        bot.Graph.CreateThenFail(Mailbox, 504);

        await TrainingSeed.ClickAsync(bot, a, "trainings.signUp", TrainingSeed.Session(id));
        await TrainingSeed.ClickAsync(bot, b, "trainings.signUp", TrainingSeed.Session(id));
        await bot.DrainGraphAsync();

        var creates = Requests("POST", "/events").Where(r => r.Body?["subject"]?.GetValue<string>().StartsWith(title, StringComparison.Ordinal) == true).ToList();
        Assert.Equal([503, 429, 504, 201], creates.Select(r => r.Status));
        Assert.Single(creates.Select(r => r.Body!["transactionId"]!.GetValue<string>()).Distinct());
        var ev = EventOf(title); // Single: a second event would throw here
        Assert.NotNull(ev);
        Assert.Equal(new[] { Address(a), Address(b) }.Order(StringComparer.OrdinalIgnoreCase), GraphStub.Attendees(ev));
        var row = await bot.WithDbAsync(db => db.TrainingCalendarEvents().AsNoTracking().SingleAsync(e => e.SessionId == id));
        Assert.Equal(ev["id"]!.GetValue<string>(), row.EventId);
        var calls = await bot.WithDbAsync(db => db.GraphCalls().AsNoTracking().Where(g => g.OrderKey == TrainingCalendar.OrderKey(id)).ToListAsync());
        Assert.All(calls, g => Assert.Equal(GraphCallStatus.Done, g.Status));
    }

    [Fact]
    public async Task EventDeletedInTheMailbox_NextChange_CreatesItAnewWithEveryoneBooked()
    {
        var title = "Trello-Schulung " + Guid.NewGuid().ToString("N")[..8];
        var id = await SessionAsync(title);
        Persona a = Person(21), b = Person(22);
        await TrainingSeed.ClickAsync(bot, a, "trainings.signUp", TrainingSeed.Session(id));
        await bot.DrainGraphAsync();
        bot.Graph.DeleteEvent(Mailbox, EventOf(title)!["id"]!.GetValue<string>());

        await TrainingSeed.ClickAsync(bot, b, "trainings.signUp", TrainingSeed.Session(id));
        await bot.DrainGraphAsync();
        Assert.Equal(new[] { Address(a), Address(b) }.Order(StringComparer.OrdinalIgnoreCase), GraphStub.Attendees(EventOf(title)!));
    }

    private static List<string> PropertiesOf(JsonNode? body) =>
        [.. (body as JsonObject ?? []).Select(p => p.Key).Where(k => !k.StartsWith('@'))];

    /// <summary>The lab team moves the session to 14:00–16:00 on a working day ten days ahead (as the intranet page does).</summary>
    private async Task<DateTime> MoveAsync(long id)
    {
        await using var scope = bot.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtLabor.Bot.Data.LabDbContext>();
        var session = await db.TrainingSessions().AsNoTracking().SingleAsync(s => s.Id == id);
        var day = DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow)).AddDays(10);
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        var form = SessionForm.Of(session) with { Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Start = "14:00", End = "16:00" };
        var update = ActivatorUtilities.GetServiceOrCreateInstance<UpdateSession>(scope.ServiceProvider);
        var outcome = await update.UpdateAsync(id, form, new AdminWords("de", scope.ServiceProvider.GetRequiredService<Strings>()), CancellationToken.None);
        Assert.IsType<UpdateOutcome.Updated>(outcome);
        return TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(14, 0)));
    }

    private async Task CancelSessionAsync(long id)
    {
        await using var scope = bot.App.Services.CreateAsyncScope();
        var cancel = ActivatorUtilities.GetServiceOrCreateInstance<CancelSession>(scope.ServiceProvider);
        Assert.IsType<CancelOutcome.Cancelled>(await cancel.CancelAsync(id, CancellationToken.None));
    }
}

[Collection(GraphCollections.Sqlite)]
public sealed class TrainingInvitationTests_Sqlite(SqliteGraphBot bot) : TrainingInvitationTests<SqliteGraphBot>(bot, 15100);

[Collection(GraphCollections.Postgres)]
public sealed class TrainingInvitationTests_Postgres(PostgresGraphBot bot) : TrainingInvitationTests<PostgresGraphBot>(bot, 15150);
