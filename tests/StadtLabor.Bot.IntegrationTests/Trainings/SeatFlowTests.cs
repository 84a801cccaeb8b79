using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// The seat flow kind to mistakes, through HTTP on SQLite and PostgreSQL: "Platz freigeben" asks first (also from a
/// card sent before the question existed), says what happens only as it is (a waitlist only when there is one), the
/// offer says how long it holds and until when, a cancelled booking offers the calendar file that removes the entry,
/// and every booking and cancellation leaves exactly one message in the person's chat.
/// </summary>
public abstract partial class SeatFlowTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    // Erika from the Ordnungsamt and two colleagues who want the same training.
    private static readonly Persona Erika = Colleague(9301);
    private static readonly Persona Jonas = Colleague(9302);
    private static readonly Persona Mia = Colleague(9303);

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    private Task<string> RowsAsync(long sessionId) => Bot.WithDbAsync(async db => JsonSerializer.Serialize(
        await db.TrainingRegistrations().AsNoTracking().Where(r => r.SessionId == sessionId).OrderBy(r => r.Id).ToListAsync()));

    private Task<List<OutboxMessage>> OutboxAsync(string keyPrefix) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    /// <summary>The messages that stay in the person's chat about this session (keys name the registration).</summary>
    private async Task<List<OutboxMessage>> ReceiptsAsync(Persona p, long sessionId)
    {
        var mine = (await RegistrationsAsync(Bot, sessionId)).Single(r => r.UserAadObjectId == p.AadObjectId);
        var messages = await OutboxAsync($"trainings.receipt:{mine.Id}:");
        Assert.All(messages, m => Assert.Equal(p.AadObjectId, m.UserAadObjectId));
        return messages;
    }

    private static JsonObject CardOf(OutboxMessage m) => JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    private Task<DateTime> StartAsync(long id) => Bot.WithDbAsync(db => db.TrainingSessions().Where(s => s.Id == id).Select(s => s.StartsAtUtc).SingleAsync());

    private static string Day(DateTime startUtc) => Wording.Day(Strings.German, DateOnly.FromDateTime(TrainingTime.ToBerlin(startUtc)));

    /// <summary>The url of the card's Action.OpenUrl with this title ("" when there is none).</summary>
    private static string OpenUrl(JsonObject card, string title) =>
        Objects(card).Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl" && o["title"]?.GetValue<string>() == title)
            .Select(o => o["url"]!.GetValue<string>()).SingleOrDefault() ?? "";

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Objects(p.Value)).Prepend(o),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    [Fact]
    public async Task Cancel_OldCardWithoutConfirmed_AsksAndChangesNothing()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Erika, "trainings.signUp", Session(id));
        await ClickAsync(Jonas, "trainings.signUp", Session(id));
        var rowsBefore = await RowsAsync(id);
        var outboxBefore = await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync());

        var question = await ClickAsync(Erika, "trainings.cancel", Session(id)); // a card from before the question existed

        var words = Words(question);
        Assert.Contains(Word.De("trainings.release.titleSeat", "Miro für Einsteiger", Day(await StartAsync(id))), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.release.passedOn"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.release.rebookWaitlist"), words, StringComparison.Ordinal);
        var yes = Assert.Single(Actions(question), a => a["verb"]?.GetValue<string>() == "trainings.cancel");
        Assert.Equal(Word.De("trainings.release.yesSeat"), yes["title"]?.GetValue<string>());
        Assert.True(yes["data"]?["confirmed"]?.GetValue<bool>());
        Assert.Equal("destructive", yes["style"]?.GetValue<string>());
        var no = Assert.Single(Actions(question), a => a["title"]?.GetValue<string>() == Word.De("trainings.release.noSeat"));
        Assert.Equal("trainings.detail", no["verb"]?.GetValue<string>());
        Assert.Equal(rowsBefore, await RowsAsync(id));
        Assert.Equal(outboxBefore, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync()));
    }

    [Fact]
    public async Task Cancel_Confirmed_CancelledAndWaitlistPromotedAndSaidOnce()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Erika, "trainings.signUp", Session(id));
        await ClickAsync(Jonas, "trainings.signUp", Session(id));

        var card = await ClickAsync(Erika, "trainings.cancel", ConfirmedCancel(id));

        Assert.Contains(Word.De("trainings.done.cancelledPassedOn"), Words(card), StringComparison.Ordinal);
        var all = await RegistrationsAsync(Bot, id);
        Assert.Equal(RegistrationStatus.Cancelled, all.Single(r => r.UserAadObjectId == Erika.AadObjectId).Status);
        Assert.Equal(RegistrationStatus.Offered, all.Single(r => r.UserAadObjectId == Jonas.AadObjectId).Status);
    }

    [Fact]
    public async Task Cancel_NoWaitlist_NoWaitlistWordsInQuestionOrAnswer()
    {
        var id = await SessionAsync(Bot, capacity: 3);
        await ClickAsync(Erika, "trainings.signUp", Session(id));

        var question = await ClickAsync(Erika, "trainings.cancel", Session(id));
        var answer = await ClickAsync(Erika, "trainings.cancel", ConfirmedCancel(id));

        Assert.Contains(Word.De("trainings.release.freed"), Words(question), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.release.rebookFree"), Words(question), StringComparison.Ordinal);
        Assert.DoesNotContain("Warteliste", Words(question), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.done.cancelled"), Words(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("Warteliste", Words(answer), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Cancelled, (await RegistrationsAsync(Bot, id)).Single().Status);
    }

    [Fact]
    public async Task Cancel_Confirmed_CardOffersTheCancellationFile()
    {
        var id = await SessionAsync(Bot, capacity: 2);
        var booked = await ClickAsync(Erika, "trainings.signUp", Session(id));
        var addUrl = OpenUrl(booked, Word.De("trainings.calendar"));
        Assert.NotEmpty(addUrl);
        Assert.Empty(OpenUrl(booked, Word.De("trainings.calendarRemove")));

        var cancelled = await ClickAsync(Erika, "trainings.cancel", ConfirmedCancel(id));

        var removeUrl = OpenUrl(cancelled, Word.De("trainings.calendarRemove"));
        Assert.Equal(addUrl, removeUrl); // the same signed link, which now serves the cancellation
        Assert.Empty(OpenUrl(cancelled, Word.De("trainings.calendar")));
        using var response = await Bot.Http.GetAsync(new Uri(removeUrl).PathAndQuery);
        Assert.Contains("METHOD:CANCEL", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaveWaitlist_AsksWithPlaceInLine_ThenLeaves()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Erika, "trainings.signUp", Session(id));
        await ClickAsync(Jonas, "trainings.signUp", Session(id));

        var question = await ClickAsync(Jonas, "trainings.cancel", Session(id));
        Assert.Contains(Word.De("trainings.release.titleWaitlist", "Miro für Einsteiger", Day(await StartAsync(id))), Words(question), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.release.waitlistPlace", 1), Words(question), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Waitlisted, (await RegistrationsAsync(Bot, id)).Single(r => r.UserAadObjectId == Jonas.AadObjectId).Status);

        var answer = await ClickAsync(Jonas, "trainings.cancel", ConfirmedCancel(id));

        Assert.Contains(Word.De("trainings.done.leftWaitlist"), Words(answer), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Cancelled, (await RegistrationsAsync(Bot, id)).Single(r => r.UserAadObjectId == Jonas.AadObjectId).Status);
        var receipt = (await ReceiptsAsync(Jonas, id))[^1];
        Assert.Contains(Word.De("trainings.receipt.leftWaitlist"), Words(CardOf(receipt)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receipt_SignUpClickedTwiceAtOnce_OneMessageWithDetailsAndCalendar()
    {
        var id = await SessionAsync(Bot, capacity: 3);
        var click = Execute(Bot, Erika, "trainings.signUp", Session(id), conversationId: Chat(Erika)).ToJsonString();

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Bot.InvokeAsync(JsonNode.Parse(click)!.AsObject())));
        await ClickAsync(Erika, "trainings.signUp", Session(id)); // and once more later: already booked, nothing new

        var receipt = Assert.Single(await ReceiptsAsync(Erika, id));
        var card = CardOf(receipt);
        var start = await StartAsync(id);
        var deadline = TrainingTime.Moment(Strings.German, start.AddHours(-24));
        Assert.Contains(Word.De("trainings.receipt.booked") + ": Miro für Einsteiger", Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.receipt.cancelUntil", deadline), Words(card), StringComparison.Ordinal);
        Assert.Contains("trainings.detail", Verbs(card));
        Assert.NotEmpty(OpenUrl(card, Word.De("trainings.calendar")));
        Assert.Equal("user:" + Erika.AadObjectId, receipt.ConversationKey); // the person's own chat, found or created by the dispatcher
    }

    [Fact]
    public async Task Receipt_CancelConfirmedTwice_OneMoreMessageWithTheCancellationFile()
    {
        var id = await SessionAsync(Bot, capacity: 3);
        await ClickAsync(Erika, "trainings.signUp", Session(id));
        var click = Execute(Bot, Erika, "trainings.cancel", ConfirmedCancel(id), conversationId: Chat(Erika)).ToJsonString();

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Bot.InvokeAsync(JsonNode.Parse(click)!.AsObject())));

        var receipts = await ReceiptsAsync(Erika, id);
        Assert.Equal(2, receipts.Count);
        var card = CardOf(receipts[1]);
        Assert.Contains(Word.De("trainings.receipt.cancelled") + ": Miro für Einsteiger", Words(card), StringComparison.Ordinal);
        Assert.NotEmpty(OpenUrl(card, Word.De("trainings.calendarRemove")));
        Assert.Empty(OpenUrl(card, Word.De("trainings.calendar")));
    }

    [Fact]
    public async Task Receipt_WaitlistPlaceAndOfferTaken_EachSaidInTheChat()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Erika, "trainings.signUp", Session(id));
        await ClickAsync(Jonas, "trainings.signUp", Session(id));
        await ClickAsync(Erika, "trainings.cancel", ConfirmedCancel(id));
        await ClickAsync(Jonas, "trainings.accept", Session(id));

        var receipts = (await ReceiptsAsync(Jonas, id)).Select(m => Words(CardOf(m))).ToList();
        Assert.Equal(2, receipts.Count);
        Assert.Contains(Word.De("trainings.receipt.waitlisted", 1), receipts[0], StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.receipt.waitlistNext"), receipts[0], StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.receipt.accepted"), receipts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receipt_EnglishSpeaker_GetsItInEnglish()
    {
        var id = await SessionAsync(Bot, capacity: 3);

        await Bot.InvokeAsync(Execute(Bot, Mia, "trainings.signUp", Session(id), conversationId: Chat(Mia), locale: "en-US"));

        var receipt = Assert.Single(await ReceiptsAsync(Mia, id));
        Assert.Contains(Word.En("trainings.receipt.booked") + ": Miro für Einsteiger", Words(CardOf(receipt)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_FreeSeat_SuccessSaidOnceAndCancelNotTheFirstButton()
    {
        var id = await SessionAsync(Bot, capacity: 3);

        var card = await ClickAsync(Erika, "trainings.signUp", Session(id));

        Assert.Contains(Word.De("trainings.done.booked"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("trainings.status.booked"), Words(card), StringComparison.Ordinal);
        var buttons = Objects(card).Where(o => o["type"]?.GetValue<string>() is "Action.Execute" or "Action.OpenUrl").ToList();
        var cancel = Assert.Single(buttons, b => b["verb"]?.GetValue<string>() == "trainings.cancel");
        Assert.NotSame(buttons[0], cancel);
        Assert.Null(cancel["style"]); // neither positive nor destructive: only the question's "Ja" is red
        Assert.Equal(Word.De("trainings.cancel") + ": Miro für Einsteiger", cancel["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task Waitlist_FullSession_ExplainSaysHowLongAnOfferHoldsAndWhereItArrives()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Erika, "trainings.signUp", Session(id));

        var card = await ClickAsync(Jonas, "trainings.detail", Session(id));

        Assert.Contains(Word.De("trainings.explain.waitlist", Word.De("time.hour.other", 24)), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offer_Card_SaysHowLongAndUntilWhenWithWeekday()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Erika, "trainings.signUp", Session(id));
        await ClickAsync(Jonas, "trainings.signUp", Session(id));

        await ClickAsync(Erika, "trainings.cancel", ConfirmedCancel(id));

        var jonas = (await RegistrationsAsync(Bot, id)).Single(r => r.UserAadObjectId == Jonas.AadObjectId);
        var offer = CardOf(Assert.Single(await OutboxAsync(Waitlist.OfferKey(jonas))));
        var until = TrainingTime.Moment(Strings.German, jonas.OfferExpiresAtUtc!.Value);
        Assert.Matches(WeekdayMoment(), until);
        Assert.Contains(Word.De("trainings.offer.hold", Word.De("time.hour.other", 24), until), Words(offer), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. ")]
    private static partial Regex WeekdayMoment();
}

public sealed class SeatFlowTests_Sqlite(SqliteBot bot) : SeatFlowTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class SeatFlowTests_Postgres(PostgresBot bot) : SeatFlowTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
