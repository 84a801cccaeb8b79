using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// The seat rules of issue 4 under load, through HTTP as Teams delivers clicks, on SQLite and PostgreSQL: a crowd for
/// few seats, the same click delivered several times at once, offers that race for one seat, and cancels mixed with
/// sign-ups on a full session. Each test has its own session; the invariants are read from the database.
/// </summary>
public abstract class SignUpConcurrencyTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Anna = Colleague(8001);
    private static readonly Persona Ben = Colleague(8002);
    private static readonly Persona Carla = Colleague(8003);

    private sealed record Answer(int Status, JsonObject? Card, string Raw)
    {
        public string Words => Infrastructure.Cards.Words(Card);
    }

    private static JsonObject Click(BotFixture bot, Persona p, string verb, long sessionId) =>
        Execute(bot, p, verb, verb == "trainings.cancel" ? ConfirmedCancel(sessionId) : Session(sessionId), conversationId: "a:personal-" + p.AadObjectId);

    private async Task<Answer> SendAsync(JsonObject activity)
    {
        using var response = await Bot.PostAsync(activity);
        var raw = await response.Content.ReadAsStringAsync();
        var card = (int)response.StatusCode == 200 && raw.Length > 0 ? Card(JsonNode.Parse(raw)!.AsObject()) : null;
        return new Answer((int)response.StatusCode, card, raw);
    }

    private Task<Answer> SendAsync(Persona p, string verb, long sessionId) => SendAsync(Click(Bot, p, verb, sessionId));

    /// <summary>Every answer is a 200 with the session's detail card (the error card has no way back to the list).</summary>
    private static void AssertAllCards(IEnumerable<Answer> answers)
    {
        foreach (var a in answers)
        {
            Assert.True(a.Status == 200 && a.Card is not null, $"status {a.Status}: {a.Raw}");
            Assert.True(Verbs(a.Card).Contains("trainings.list"), "not the detail card: " + a.Raw);
        }
    }

    /// <summary>Never more seats held than there are, and never a free seat while someone waits.</summary>
    private async Task AssertSeatInvariantAsync(long sessionId, string when)
    {
        var all = await RegistrationsAsync(Bot, sessionId);
        var capacity = await Bot.WithDbAsync(db => db.TrainingSessions().Where(s => s.Id == sessionId).Select(s => s.Capacity).SingleAsync());
        var holders = all.Count(r => r.HoldsSeat);
        var waiting = all.Count(r => r.Status == RegistrationStatus.Waitlisted);
        Assert.True(holders <= capacity, $"{when}: {holders} hold a seat of {capacity}");
        Assert.True(holders == capacity || waiting == 0, $"{when}: {holders} of {capacity} seats held while {waiting} wait");
        var line = all.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.WaitlistSeq).ToList();
        Assert.Equal(line.Count, line.Distinct().Count());
    }

    [Fact]
    public async Task SignUp_50PeopleAtOnceFor10Seats_10Booked40WaitlistedInCommitOrder()
    {
        var id = await SessionAsync(Bot, capacity: 10);
        var people = Enumerable.Range(1000, 50).Select(Colleague).ToList();
        var clicks = people.Select(p => Click(Bot, p, "trainings.signUp", id)).ToList();

        var answers = await Task.WhenAll(clicks.Select(SendAsync));

        AssertAllCards(answers);
        Assert.Equal(10, answers.Count(a => a.Words.Contains(Word.De("trainings.done.booked"), StringComparison.Ordinal)));
        var places = answers.Select(a => Word.DePattern("trainings.done.waitlisted").Match(a.Words)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(1, 40), places.Order());

        var all = await RegistrationsAsync(Bot, id);
        Assert.Equal(50, all.Count);
        Assert.Equal(people.Select(p => p.AadObjectId).Order(), all.Select(r => r.UserAadObjectId).Order());
        var booked = all.Where(r => r.Status == RegistrationStatus.Booked).ToList();
        var line = all.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.WaitlistSeq).ToList();
        Assert.Equal(10, booked.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), line.Select(r => r.WaitlistSeq));

        // Arrival order is the order the server committed the sign-ups (one at a time under the session lock): ids and
        // creation times follow the waitlist numbers, and everyone booked arrived before everyone waiting.
        Assert.Equal(line.Select(r => r.Id).Order(), line.Select(r => r.Id));
        Assert.Equal(line.Select(r => r.CreatedAtUtc).Order(), line.Select(r => r.CreatedAtUtc));
        Assert.True(booked.Max(r => r.Id) < line.Min(r => r.Id));
        Assert.True(booked.Max(r => r.CreatedAtUtc) <= line.Min(r => r.CreatedAtUtc));
        await AssertSeatInvariantAsync(id, "after the crowd");
    }

    [Fact]
    public async Task SignUp_SameClickThreeTimesAtOnceAndAgainWithNewId_OneBooking()
    {
        var id = await SessionAsync(Bot, capacity: 5);
        var click = Click(Bot, Anna, "trainings.signUp", id).ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SendAsync(JsonNode.Parse(click)!.AsObject())));
        var again = await SendAsync(Anna, "trainings.signUp", id);

        AssertAllCards([.. answers, again]);
        Assert.Contains(Word.De("trainings.done.already"), again.Words, StringComparison.Ordinal);
        var mine = Assert.Single(await RegistrationsAsync(Bot, id));
        Assert.Equal(RegistrationStatus.Booked, mine.Status);
    }

    [Fact]
    public async Task Accept_SameClickThreeTimesAtOnceAndAgainWithNewId_OneBooking()
    {
        var id = await SessionAsync(Bot, capacity: 1);
        await SendAsync(Anna, "trainings.signUp", id);
        await SendAsync(Ben, "trainings.signUp", id);
        await SendAsync(Carla, "trainings.signUp", id);
        await SendAsync(Anna, "trainings.cancel", id);
        var click = Click(Bot, Ben, "trainings.accept", id).ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SendAsync(JsonNode.Parse(click)!.AsObject())));
        var again = await SendAsync(Ben, "trainings.accept", id);

        AssertAllCards([.. answers, again]);
        var all = await RegistrationsAsync(Bot, id);
        var holder = Assert.Single(all, r => r.HoldsSeat);
        Assert.Equal((Ben.AadObjectId, RegistrationStatus.Booked), (holder.UserAadObjectId, holder.Status));
        Assert.Equal(RegistrationStatus.Waitlisted, all.Single(r => r.UserAadObjectId == Carla.AadObjectId).Status);
    }

    [Fact]
    public async Task Accept_ExpiredOfferAndNextInLineAtOnce_OnlyOneHoldsTheSeat()
    {
        for (var round = 0; round < 20; round++)
        {
            var id = await SessionAsync(Bot, capacity: 1, title: $"Wettlauf {round}");
            await SendAsync(Anna, "trainings.signUp", id);
            await SendAsync(Ben, "trainings.signUp", id);
            await SendAsync(Carla, "trainings.signUp", id);
            await SendAsync(Anna, "trainings.cancel", id);
            await Bot.WithDbAsync(db => db.TrainingRegistrations().Where(r => r.SessionId == id && r.Status == RegistrationStatus.Offered)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.OfferExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1))));

            // Ben's accept expires his offer and offers the seat to Carla; Carla accepts at the same moment.
            var answers = await Task.WhenAll(SendAsync(Ben, "trainings.accept", id), SendAsync(Carla, "trainings.accept", id));

            AssertAllCards(answers);
            Assert.Contains(Word.De("trainings.done.offerGone"), answers[0].Words, StringComparison.Ordinal);
            var all = await RegistrationsAsync(Bot, id);
            var holder = Assert.Single(all, r => r.HoldsSeat);
            Assert.Equal(Carla.AadObjectId, holder.UserAadObjectId);
            Assert.Equal(RegistrationStatus.OfferExpired, all.Single(r => r.UserAadObjectId == Ben.AadObjectId).Status);
            await AssertSeatInvariantAsync(id, $"round {round}");
        }
    }

    [Fact]
    public async Task Mixed_CancelsSignUpsAndAcceptsAtOnceOnFullSession_NeverOverbookedNorSeatLeftFree()
    {
        const int capacity = 5;
        var id = await SessionAsync(Bot, capacity: capacity);
        var next = 2000;
        foreach (var _ in Enumerable.Range(0, 10)) await SendAsync(Colleague(next++), "trainings.signUp", id);
        var random = new Random(4711);

        for (var round = 0; round < 8; round++)
        {
            var all = await RegistrationsAsync(Bot, id);
            var active = all.Where(r => r.IsActive).OrderBy(_ => random.Next()).ToList();
            var clicks = new List<JsonObject>();
            foreach (var r in active.Take(8))
                clicks.Add(Click(Bot, PersonaOf(r), "trainings.cancel", id));
            foreach (var r in all.Where(r => r.Status == RegistrationStatus.Offered))
                clicks.Add(Click(Bot, PersonaOf(r), random.Next(3) == 0 ? "trainings.decline" : "trainings.accept", id));
            while (clicks.Count < 20) clicks.Add(Click(Bot, Colleague(next++), "trainings.signUp", id));

            var answers = await Task.WhenAll(clicks.OrderBy(_ => random.Next()).Select(SendAsync));

            AssertAllCards(answers);
            await AssertSeatInvariantAsync(id, $"round {round}");
        }
    }

    private static Persona PersonaOf(Registration r) =>
        Colleague(int.Parse(r.UserAadObjectId[^12..], System.Globalization.CultureInfo.InvariantCulture));
}

public sealed class SignUpConcurrencyTests_Sqlite(SqliteBot bot) : SignUpConcurrencyTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class SignUpConcurrencyTests_Postgres(PostgresBot bot) : SignUpConcurrencyTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
