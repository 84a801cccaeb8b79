using System.Text.Json.Nodes;
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
/// Staff and the trainings, through HTTP as Teams sends the clicks, on SQLite and PostgreSQL: the catalogue, sign-up
/// with the card refreshing in place, the waitlist, offers passed on one at a time, cancelling and its deadline,
/// "meine termine", interest in a tool, and payloads that try to act for someone else.
/// </summary>
public abstract class SignUpTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Anna = Colleague(9001);
    private static readonly Persona Ben = Colleague(9002);
    private static readonly Persona Carla = Colleague(9003);

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    private Task<Registration?> MineAsync(Persona p, long sessionId) =>
        Bot.WithDbAsync(db => db.TrainingRegistrations().AsNoTracking().SingleOrDefaultAsync(r => r.SessionId == sessionId && r.UserAadObjectId == p.AadObjectId));

    [Fact]
    public async Task List_FilteredByTool_SessionWithSeatsInWordsAndItsDetailButton()
    {
        var tool = "Trello-" + Guid.NewGuid().ToString("N")[..6];
        var id = await SessionAsync(Bot, capacity: 8, tool: tool, title: "Trello im Team");
        var toolId = await ToolAsync(Bot, tool);

        var card = await ClickAsync(Anna, "trainings.list", new JsonObject { ["toolId"] = toolId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var words = Words(card);
        Assert.Contains("Trello im Team", words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.seatsFree", 8, 8), words, StringComparison.Ordinal);
        Assert.Contains("trainings.detail", Verbs(card));
        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TypedCommand_AnswersTheCatalogue()
    {
        await SessionAsync(Bot, capacity: 5);
        await Bot.PostAsync(Message(Bot, Anna, "Schulungen", conversationId: Chat(Anna)));

        var calls = await Bot.Connector.WaitForCallsAsync(Chat(Anna), 1);
        Assert.Contains("trainings.detail", Verbs(CardIn(calls[^1])));
    }

    [Fact]
    public async Task SignUp_FreeSeat_CardRefreshesToBookedWithCancelButton()
    {
        var id = await SessionAsync(Bot, capacity: 3);

        var card = await ClickAsync(Anna, "trainings.signUp", Session(id));

        Assert.Contains(Word.De("trainings.done.booked"), Words(card), StringComparison.Ordinal);
        Assert.Contains("trainings.cancel", Verbs(card));
        Assert.DoesNotContain("trainings.signUp", Verbs(card));
        Assert.Equal(RegistrationStatus.Booked, (await MineAsync(Anna, id))!.Status);
    }

    [Fact]
    public async Task SignUp_FullSession_JoinsWaitlistAndSeesPosition()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));

        var card = await ClickAsync(Carla, "trainings.signUp", Session(id));

        Assert.Contains(Word.De("trainings.done.waitlisted", 2), Words(card), StringComparison.Ordinal);
        Assert.Contains("trainings.cancel", Verbs(card)); // "Warteliste verlassen"
        var all = await RegistrationsAsync(Bot, id);
        Assert.Equal([RegistrationStatus.Booked, RegistrationStatus.Waitlisted, RegistrationStatus.Waitlisted], all.Select(r => r.Status));
    }

    [Fact]
    public async Task SignUp_SameClickThreeTimes_OneBooking()
    {
        var id = await SessionAsync(Bot, capacity: 5);
        var click = Execute(Bot, Anna, "trainings.signUp", Session(id), conversationId: Chat(Anna));

        await Bot.InvokeAsync(click);
        await Bot.InvokeAsync(click); // Teams re-delivers the same activity
        var again = await ClickAsync(Anna, "trainings.signUp", Session(id)); // and a new click with a new id

        Assert.Contains(Word.De("trainings.done.already"), Words(again), StringComparison.Ordinal);
        var all = await RegistrationsAsync(Bot, id);
        Assert.Single(all);
        Assert.Equal(RegistrationStatus.Booked, all[0].Status);
    }

    [Fact]
    public async Task Cancel_BookedWithWaitlist_SeatOfferedToFirstInLineOnly()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));

        var card = await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id));

        Assert.Contains(Word.De("trainings.done.cancelled"), Words(card), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Cancelled, (await MineAsync(Anna, id))!.Status);
        var ben = (await MineAsync(Ben, id))!;
        Assert.Equal(RegistrationStatus.Offered, ben.Status);
        Assert.NotNull(ben.OfferExpiresAtUtc);
        Assert.Equal(RegistrationStatus.Waitlisted, (await MineAsync(Carla, id))!.Status);

        // The offer card reaches Ben's chat through the outbox, with both answers.
        var offer = await OutboxHelpers.WaitForStatusAsync(Bot, Waitlist.OfferKey(ben), OutboxStatus.Sent);
        var sent = Bot.Connector.CallsFor(Chat(Ben)).Select(CardIn).Last(c => c is not null);
        Assert.Contains("trainings.accept", Verbs(sent));
        Assert.Contains("trainings.decline", Verbs(sent));
        Assert.NotNull(offer.SentActivityId);
    }

    [Fact]
    public async Task Offer_Accept_BooksSeat_AndAcceptingAgainChangesNothing()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id));

        var card = await ClickAsync(Ben, "trainings.accept", Session(id));
        var again = await ClickAsync(Ben, "trainings.accept", Session(id));

        Assert.Contains(Word.De("trainings.done.accepted"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.done.already"), Words(again), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Booked, (await MineAsync(Ben, id))!.Status);
        Assert.Single(await RegistrationsAsync(Bot, id), r => r.HoldsSeat);
    }

    [Fact]
    public async Task Offer_Decline_PassesToNextInLine()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id));

        await ClickAsync(Ben, "trainings.decline", Session(id));

        Assert.Equal(RegistrationStatus.Declined, (await MineAsync(Ben, id))!.Status);
        Assert.Equal(RegistrationStatus.Offered, (await MineAsync(Carla, id))!.Status);
    }

    [Fact]
    public async Task Offer_SomeoneElseClicksAccept_NothingChanges()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id));

        // Carla copies Ben's offer card payload: the seat is held for Ben, not for whoever clicks.
        var card = await ClickAsync(Carla, "trainings.accept", Session(id));

        Assert.Contains(Word.De("trainings.done.offerGone"), Words(card), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Waitlisted, (await MineAsync(Carla, id))!.Status);
        Assert.Equal(RegistrationStatus.Offered, (await MineAsync(Ben, id))!.Status);
    }

    [Fact]
    public async Task Offer_AcceptAfterItRanOut_ExpiresAndPassesOn()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id));
        await Bot.WithDbAsync(db => db.TrainingRegistrations().Where(r => r.SessionId == id && r.Status == RegistrationStatus.Offered)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OfferExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1))));

        var card = await ClickAsync(Ben, "trainings.accept", Session(id));

        Assert.Contains(Word.De("trainings.done.offerGone"), Words(card), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.OfferExpired, (await MineAsync(Ben, id))!.Status);
        Assert.Equal(RegistrationStatus.Offered, (await MineAsync(Carla, id))!.Status);
    }

    [Fact]
    public async Task Cancel_AfterDeadline_CardNamesContactAndNothingChanges()
    {
        var id = await SessionAsync(Bot, capacity: 3, startsIn: TimeSpan.FromHours(5));
        var signedUp = await ClickAsync(Anna, "trainings.signUp", Session(id));
        Assert.DoesNotContain("trainings.cancel", Verbs(signedUp)); // too late to offer the button

        var card = await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id)); // an old card still has it

        var start = await Bot.WithDbAsync(db => db.TrainingSessions().Where(s => s.Id == id).Select(s => s.StartsAtUtc).SingleAsync());
        var deadline = TrainingTime.Moment(Strings.German, start.AddHours(-24));
        Assert.Contains(Word.De("trainings.explain.cancelTooLate", deadline, "stadtlabor@soest.de"), Words(card), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Booked, (await MineAsync(Anna, id))!.Status);
    }

    [Fact]
    public async Task Cancel_SomeoneElsesSession_NothingChanges()
    {
        var id = await SessionAsync(Bot, capacity: 3);
        await ClickAsync(Anna, "trainings.signUp", Session(id));

        var card = await ClickAsync(Ben, "trainings.cancel", ConfirmedCancel(id));

        Assert.Contains(Word.De("trainings.done.notRegistered"), Words(card), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Booked, (await MineAsync(Anna, id))!.Status);
    }

    [Fact]
    public async Task SignUp_WaitlistedClicksAgain_PlaceInLineNamedNothingAdded()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));

        var again = await ClickAsync(Ben, "trainings.signUp", Session(id));

        Assert.Contains(Word.De("trainings.done.alreadyWaitlisted", 1), Words(again), StringComparison.Ordinal);
        Assert.Equal([RegistrationStatus.Booked, RegistrationStatus.Waitlisted], (await RegistrationsAsync(Bot, id)).Select(r => r.Status));
    }

    [Fact]
    public async Task Cancel_Waitlisted_LeavesTheLine()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));

        var card = await ClickAsync(Ben, "trainings.cancel", ConfirmedCancel(id));

        Assert.Contains(Word.De("trainings.done.leftWaitlist"), Words(card), StringComparison.Ordinal);
        Assert.Contains("trainings.signUp", Verbs(card)); // "Auf die Warteliste" again
        Assert.Equal(RegistrationStatus.Cancelled, (await MineAsync(Ben, id))!.Status);
        Assert.Equal(RegistrationStatus.Booked, (await MineAsync(Anna, id))!.Status);
    }

    [Fact]
    public async Task Cancel_HoldingAnOffer_DeclinedAndPassedOn()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id));

        var card = await ClickAsync(Ben, "trainings.cancel", ConfirmedCancel(id)); // "Abmelden" on the detail card while the offer holds

        Assert.Contains(Word.De("trainings.done.declined"), Words(card), StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Declined, (await MineAsync(Ben, id))!.Status);
        Assert.Equal(RegistrationStatus.Offered, (await MineAsync(Carla, id))!.Status);
    }

    [Fact]
    public async Task SignUp_SessionStarted_RefusedNothingStored()
    {
        var id = await SessionAsync(Bot, capacity: 3, startsIn: TimeSpan.FromMinutes(-10));

        var card = await ClickAsync(Anna, "trainings.signUp", Session(id));

        Assert.Contains(Word.De("trainings.done.sessionStarted"), Words(card), StringComparison.Ordinal);
        Assert.Null(await MineAsync(Anna, id));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-4")]
    [InlineData("999999999")]
    public async Task SignUp_BadSessionId_ClearAnswerAndNothingStored(string sessionId)
    {
        var before = await Bot.WithDbAsync(db => db.TrainingRegistrations().CountAsync());

        var card = await ClickAsync(Anna, "trainings.signUp", new JsonObject { ["sessionId"] = sessionId });

        Assert.Contains(Word.De("trainings.badRequest"), Words(card), StringComparison.Ordinal);
        Assert.Equal(before, await Bot.WithDbAsync(db => db.TrainingRegistrations().CountAsync()));
    }

    [Fact]
    public async Task SignUp_CancelledSession_Refused()
    {
        var id = await SessionAsync(Bot, capacity: 3, adjust: s => s.Status = SessionStatus.Cancelled);

        var card = await ClickAsync(Anna, "trainings.signUp", Session(id));

        Assert.Contains(Word.De("trainings.done.sessionCancelled"), Words(card), StringComparison.Ordinal);
        Assert.Null(await MineAsync(Anna, id));
    }

    [Fact]
    public async Task MyItems_ShowsBookingWaitlistAndOffer()
    {
        var booked = await SessionAsync(Bot, capacity: 2, title: "Scrum kompakt", tool: "Scrum");
        var full = await SessionAsync(Bot, capacity: 1, title: "Stackfield Grundlagen", tool: "Stackfield");
        var me = Colleague(9100);
        await ClickAsync(me, "trainings.signUp", Session(booked));
        await ClickAsync(Anna, "trainings.signUp", Session(full));
        await ClickAsync(me, "trainings.signUp", Session(full));

        var card = await ClickAsync(me, "myitems.show");

        var words = Words(card);
        Assert.Contains("Scrum kompakt", words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.status.booked"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.status.waitlisted", 1), words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interest_ToolWithoutSession_RememberedOnce()
    {
        var tool = "Whiteboard-" + Guid.NewGuid().ToString("N")[..6];
        var toolId = await ToolAsync(Bot, tool);
        var first = await ClickAsync(Anna, "trainings.interest", new JsonObject { ["toolId"] = toolId });
        var second = await ClickAsync(Anna, "trainings.interest", new JsonObject { ["toolId"] = toolId });

        Assert.Contains(Word.De("trainings.interestSaved", tool), Words(first), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.interestAlready", tool), Words(second), StringComparison.Ordinal);
        Assert.Equal(1, await Bot.WithDbAsync(db => db.TrainingInterests().CountAsync(i => i.ToolId == toolId)));
    }
}

public sealed class SignUpTests_Sqlite(SqliteBot bot) : SignUpTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class SignUpTests_Postgres(PostgresBot bot) : SignUpTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
