using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests.Protocol;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Privacy;

/// <summary>
/// "meine daten" over HTTP on SQLite and PostgreSQL: Erika (with a booking, a waitlist place, a past training, an
/// interest, her chat and a message still to go out) sees each kind with its count, downloads all of it as JSON and
/// as a page through a link made for her alone, and erases it: the past seat stays as an anonymous count, her future
/// seat goes to the next in line with the offer in the outbox, and Leon's data does not move.
/// </summary>
public abstract class MyDataTests<TBot>(TBot fixture) where TBot : BotFixture
{
    private static readonly Strings Texts = new();

    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    /// <summary>The people of one test, fresh ids each time, so the tests of a class do not share anyone.</summary>
    private sealed record World(Persona Erika, Persona Leon, Persona Tom, long Future, long Waiting, long Past);

    private static Persona NewPersona(string id, string name) => new($"29:{id}-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), name);

    private async Task<World> ArrangeAsync()
    {
        // The markup in her name is what Teams would pass on; the page must show it as text.
        var w = new World(NewPersona("erika", "Mustermann, Erika <i>Ordnungsamt</i>"), NewPersona("leon", "Krämer, Leon"), NewPersona("tom", "Tom Nachrücker"), 0, 0, 0);
        var tool = "Miro-" + Guid.NewGuid().ToString("N")[..6];
        w = w with
        {
            Future = await SessionAsync(Bot, capacity: 1, tool: tool, title: "Miro für Einsteiger"),
            Waiting = await SessionAsync(Bot, capacity: 1, tool: tool, title: "Miro für Fortgeschrittene"),
            Past = await SessionAsync(Bot, capacity: 5, tool: tool, title: "Miro im Rückblick"),
        };
        await ClickAsync(Bot, w.Erika, "trainings.signUp", Session(w.Future));
        await ClickAsync(Bot, w.Tom, "trainings.signUp", Session(w.Future));
        await ClickAsync(Bot, w.Leon, "trainings.signUp", Session(w.Waiting));
        await ClickAsync(Bot, w.Erika, "trainings.signUp", Session(w.Waiting));
        await ClickAsync(Bot, w.Erika, "trainings.signUp", Session(w.Past));
        await ClickAsync(Bot, w.Leon, "trainings.signUp", Session(w.Past));
        await Bot.WithDbAsync(async db =>
        {
            var past = await db.TrainingSessions().SingleAsync(s => s.Id == w.Past);
            past.StartsAtUtc = DateTime.UtcNow.AddDays(-3);
            past.EndsAtUtc = past.StartsAtUtc.AddHours(2);
            return await db.SaveChangesAsync();
        });
        var wished = await ToolAsync(Bot, "Stackfield-" + Guid.NewGuid().ToString("N")[..6]);
        await ClickAsync(Bot, w.Erika, "trainings.interest", new JsonObject { ["toolId"] = wished });
        await ClickAsync(Bot, w.Leon, "trainings.interest", new JsonObject { ["toolId"] = wished });
        // The sign-ups left receipts in their chats; once those are delivered, exactly one message is pending each.
        await OutboxHelpers.WaitUntilDeliveredAsync(Bot, [w.Erika.AadObjectId, w.Leon.AadObjectId, w.Tom.AadObjectId]);
        await PendingMessageAsync(w.Erika);
        await PendingMessageAsync(w.Leon);
        return w;
    }

    /// <summary>A message waiting to go out next week, so no dispatcher takes it during the test.</summary>
    private Task<int> PendingMessageAsync(Persona p) =>
        Bot.WithDbAsync(db =>
        {
            db.OutboxMessages().Add(new OutboxMessage
            {
                DedupeKey = "test.later:" + Guid.NewGuid().ToString("N"),
                TenantId = BotFixture.TenantId,
                ServiceUrl = "",
                UserAadObjectId = p.AadObjectId,
                ConversationKey = "user:" + p.AadObjectId,
                ActivityJson = $$"""{"type":"message","text":"Erinnerung für {{p.Name.Split(',')[0]}}"}""",
                CreatedAtUtc = DateTime.UtcNow,
                NextAttemptAtUtc = DateTime.UtcNow.AddDays(7),
            });
            return db.SaveChangesAsync();
        });

    private sealed record Footprint(int Registrations, int Interests, int Installations, int Messages);

    private Task<Footprint> FootprintAsync(Persona p) =>
        Bot.WithDbAsync(async db => new Footprint(
            await db.TrainingRegistrations().CountAsync(r => r.UserAadObjectId == p.AadObjectId),
            await db.TrainingInterests().CountAsync(i => i.UserAadObjectId == p.AadObjectId),
            await db.Installations().CountAsync(i => i.UserAadObjectId == p.AadObjectId),
            await db.OutboxMessages().CountAsync(m => m.UserAadObjectId == p.AadObjectId)));

    private static string What(string kind, string lang = "de") => Texts.Get(lang, $"privacy.data.{kind}.what");

    /// <summary>The count shown under a kind on the "meine daten" card.</summary>
    private static string CountOf(JsonObject card, string what) =>
        Walk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Container" && o["items"]?[0]?["text"]?.GetValue<string>() == what)
            .Select(o => o["items"]![1]!["facts"]![0]!["value"]!.GetValue<string>())
            .Single();

    private static List<string> Links(JsonObject card) =>
        [.. Walk(card).OfType<JsonObject>().Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")
            .Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)];

    private static IEnumerable<JsonNode> Walk(JsonNode? node) =>
        node switch
        {
            null => [],
            JsonObject o => new[] { node }.Concat(o.SelectMany(p => Walk(p.Value))),
            JsonArray a => new[] { node }.Concat(a.SelectMany(Walk)),
            _ => [node],
        };

    [Fact]
    public async Task MyData_ErikaWithBookingsWaitlistInterestAndChat_CardListsEachKindWithCountAndRetention()
    {
        var w = await ArrangeAsync();

        var card = await ClickAsync(Bot, w.Erika, "privacy.myData");

        Assert.Equal("2", CountOf(card, What("trainingBookings"))); // the future seat and the past one
        Assert.Equal("1", CountOf(card, What("trainingWaitlist")));
        Assert.Equal("1", CountOf(card, What("trainingInterests")));
        Assert.Equal("1", CountOf(card, What("installations")));
        Assert.Equal("1", CountOf(card, What("outboxPending")));
        // A kind without data is only named, on the short list below the others.
        Assert.Contains("• " + What("trainingSessionsCreated"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Walk(card).OfType<JsonObject>(), o => o["type"]?.GetValue<string>() == "Container"
            && o["items"]?[0]?["text"]?.GetValue<string>() == What("trainingSessionsCreated"));
        var words = Words(card);
        // Retention in words (365 days: "1 Jahr", 180 days: "6 Monate"), never "365 Tage".
        Assert.Contains(Texts.Format("de", "privacy.data.trainingBookings.howLong", Texts.Format("de", "time.year.one", 1)), words, StringComparison.Ordinal);
        Assert.Contains(Texts.Format("de", "privacy.data.installations.howLong", Texts.Format("de", "time.month.other", 6)), words, StringComparison.Ordinal);
        Assert.Contains("privacy.erase", Verbs(card));
        Assert.Equal(2, Links(card).Count);
    }

    [Fact]
    public async Task MyData_TypedInEnglish_EnglishWordsInTheReply()
    {
        var w = await ArrangeAsync();

        await Bot.PostAsync(Message(Bot, w.Erika, "my data", conversationId: Chat(w.Erika), locale: "en-US"));
        // Her chat also gets the messages that confirm her sign-ups (outbox); the answer is the card with the title.
        var title = Texts.Get("en", "privacy.mine.title");
        ConnectorCall? reply = null;
        for (var n = 1; reply is null; n++)
            reply = (await Bot.Connector.WaitForCallsAsync(Chat(w.Erika), n)).FirstOrDefault(c => CardIn(c) is { } k && Words(k).Contains(title, StringComparison.Ordinal));
        var card = CardIn(reply)!;
        ActivitySchemaCheck.AssertValid([reply.Body!.ToJsonString()]);
        Assert.Equal("2", CountOf(card, What("trainingBookings", "en")));
        Assert.DoesNotContain(What("trainingBookings"), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyData_InAGroupChat_RefusedWithoutDataOrLink()
    {
        var w = await ArrangeAsync();
        var group = "19:group-" + Guid.NewGuid().ToString("N");

        await Bot.PostAsync(Message(Bot, w.Erika, "meine daten", conversationId: group, conversationType: "groupChat"));
        var card = CardIn((await Bot.Connector.WaitForCallsAsync(group, 1))[^1])!;

        Assert.Contains(Texts.Get("de", "privacy.mine.personalOnly"), Words(card), StringComparison.Ordinal);
        Assert.Empty(Links(card));
        Assert.DoesNotContain(What("trainingBookings"), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_JsonAndHtml_HerDataOnlyNobodyElses()
    {
        var w = await ArrangeAsync();
        var links = Links(await ClickAsync(Bot, w.Erika, "privacy.myData"));

        using var json = await Bot.Http.GetAsync(Assert.Single(links, l => l.EndsWith(".json", StringComparison.Ordinal)));
        using var html = await Bot.Http.GetAsync(Assert.Single(links, l => l.EndsWith(".html", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", json.Headers.CacheControl!.ToString());
        var document = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        // Every string value, unescaped (the file escapes < and > as JSON allows).
        var text = string.Join("\n", Walk(document).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>()));
        Assert.Equal(w.Erika.AadObjectId, document["aadObjectId"]!.GetValue<string>());
        var bookings = document["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == "trainingBookings")!;
        Assert.Equal(2, bookings["count"]!.GetValue<int>());
        Assert.Equal(["Miro für Einsteiger", "Miro im Rückblick"],
            bookings["records"]!.AsArray().Select(r => r!["session"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains(w.Erika.Name, text, StringComparison.Ordinal);
        Assert.Contains("Erinnerung für Mustermann", text, StringComparison.Ordinal);
        foreach (var other in new[] { w.Leon, w.Tom })
        {
            Assert.DoesNotContain(other.AadObjectId, text, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Name, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Erinnerung für Krämer", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains(Texts.Get("de", "privacy.page.title"), page, StringComparison.Ordinal);
        Assert.Contains("Mustermann, Erika &lt;i&gt;Ordnungsamt&lt;/i&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", page, StringComparison.Ordinal);
        Assert.Contains("Miro für Fortgeschrittene", page, StringComparison.Ordinal);
        Assert.DoesNotContain(w.Leon.AadObjectId, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Krämer", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_TamperedExpiredOtherPurposeOrSwappedPerson_NotFound()
    {
        var w = await ArrangeAsync();
        var link = Assert.Single(Links(await ClickAsync(Bot, w.Erika, "privacy.myData")), l => l.EndsWith(".json", StringComparison.Ordinal));
        var token = link["/exports/mydata/".Length..^".json".Length];
        var links = Bot.App.Services.GetRequiredService<DownloadLinks>();

        // Her payload with Leon's id in it, under her signature: a link for someone else.
        var payload = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token[..^43])).Replace(w.Erika.AadObjectId, w.Leon.AadObjectId, StringComparison.Ordinal);
        var swapped = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(payload)) + token[^43..];
        var tampered = token[..5] + (token[5] == 'x' ? 'y' : 'x') + token[6..];
        var expired = links.Token(new LinkGrant(LinkPurpose.MyData, 0, w.Erika.AadObjectId, DateTime.UtcNow.AddSeconds(-1)));
        var calendar = links.Token(new LinkGrant(LinkPurpose.Calendar, 0, w.Erika.AadObjectId, DateTime.UtcNow.AddHours(1)));
        var export = links.Token(new LinkGrant(LinkPurpose.Export, 0, w.Erika.AadObjectId, DateTime.UtcNow.AddHours(1)));

        foreach (var bad in new[] { swapped, tampered, expired, calendar, export, "guess" })
        {
            foreach (var ending in new[] { ".json", ".html" })
            {
                using var response = await Bot.Http.GetAsync("/exports/mydata/" + bad + ending);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("Miro", body, StringComparison.Ordinal);
                Assert.DoesNotContain(w.Leon.AadObjectId, body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Erase_FirstClick_AsksAndChangesNothing()
    {
        var w = await ArrangeAsync();
        var before = await FootprintAsync(w.Erika);

        var card = await ClickAsync(Bot, w.Erika, "privacy.erase");

        Assert.Contains(Texts.Get("de", "privacy.erase.title"), Words(card), StringComparison.Ordinal);
        // The safe way out comes first; the destructive button is never the most prominent (cards/README.md).
        Assert.Equal(["privacy.myData", "privacy.eraseConfirmed", "menu.show"], Verbs(card));
        Assert.Equal(before, await FootprintAsync(w.Erika));
    }

    [Fact]
    public async Task Erase_Confirmed_HerDataGonePastSeatAnonymousFutureSeatOfferedLeonUntouched()
    {
        var w = await ArrangeAsync();
        var leonBefore = await FootprintAsync(w.Leon);
        var leonRows = await LeonRowsAsync(w);

        // The card data names Leon: only the signed sender counts.
        var card = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed", new JsonObject { ["aadObjectId"] = w.Leon.AadObjectId, ["userId"] = w.Leon.Id });

        var words = Words(card);
        Assert.Contains(Texts.Get("de", "privacy.erased.title"), words, StringComparison.Ordinal);
        Assert.Contains(What("trainingWaitlist"), words, StringComparison.Ordinal);
        Assert.Contains(What("trainingInterests"), words, StringComparison.Ordinal);
        Assert.Contains(What("installations"), words, StringComparison.Ordinal);
        Assert.Contains(What("outboxPending"), words, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("de", "privacy.kept.anonymousCount"), words, StringComparison.Ordinal);
        Assert.Equal(new Footprint(0, 0, 0, 0), await FootprintAsync(w.Erika));

        var past = await RegistrationsAsync(Bot, w.Past);
        Assert.Equal(2, past.Count(r => r.Status == RegistrationStatus.Booked));
        var anonymous = Assert.Single(past, r => r.UserAadObjectId != w.Leon.AadObjectId);
        Assert.StartsWith(TrainingsPersonalData.ErasedPrefix, anonymous.UserAadObjectId, StringComparison.Ordinal);
        Assert.Equal("", anonymous.UserName);
        Assert.Equal("", anonymous.TenantId);
        Assert.NotNull(anonymous.FeedbackRequestedAtUtc); // nobody left to ask: the feedback job must not message the placeholder
        long[] sessions = [w.Future, w.Waiting, w.Past];
        Assert.DoesNotContain(w.Erika.Name, await Bot.WithDbAsync(db => db.TrainingRegistrations().Where(r => sessions.Contains(r.SessionId)).Select(r => r.UserName).ToListAsync()));

        var future = await RegistrationsAsync(Bot, w.Future);
        var tom = Assert.Single(future);
        Assert.Equal(w.Tom.AadObjectId, tom.UserAadObjectId);
        Assert.Equal(RegistrationStatus.Offered, tom.Status);
        Assert.True(await Bot.WithDbAsync(db => db.OutboxMessages().AnyAsync(m => m.DedupeKey == Waitlist.OfferKey(tom) && m.UserAadObjectId == w.Tom.AadObjectId)));
        Assert.Single(await RegistrationsAsync(Bot, w.Waiting));

        Assert.Equal(leonBefore, await FootprintAsync(w.Leon));
        Assert.Equal(leonRows, await LeonRowsAsync(w));
    }

    [Fact]
    public async Task Erase_Twice_SecondFindsNothingAndChangesNothing()
    {
        var w = await ArrangeAsync();
        await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed");
        var tomOffer = Assert.Single(await RegistrationsAsync(Bot, w.Future));
        var past = await RegistrationsAsync(Bot, w.Past);
        var messages = await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync());

        var again = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed");

        // Only the chat reference the second click itself stored again (every message to the bot does) is removed again.
        var removed = Walk(again).OfType<JsonObject>().Where(o => o["type"]?.GetValue<string>() == "FactSet").SelectMany(f => f["facts"]!.AsArray()).ToList();
        Assert.Equal([(What("installations"), "1")], removed.Select(f => (f!["title"]!.GetValue<string>(), f["value"]!.GetValue<string>())));
        Assert.Contains(Texts.Get("de", "privacy.erased.nothingKept"), Words(again), StringComparison.Ordinal);
        Assert.Equal(new Footprint(0, 0, 0, 0), await FootprintAsync(w.Erika));
        Assert.Equal(tomOffer.OfferCount, Assert.Single(await RegistrationsAsync(Bot, w.Future)).OfferCount);
        Assert.Equal(past.Select(r => (r.Id, r.UserAadObjectId)), (await RegistrationsAsync(Bot, w.Past)).Select(r => (r.Id, r.UserAadObjectId)));
        Assert.Equal(messages, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync()));
    }

    [Fact]
    public async Task Erase_LabTeamMemberWhoCreatedASession_SessionStaysWithoutHerName()
    {
        var w = await ArrangeAsync();
        await Bot.WithDbAsync(async db =>
        {
            var s = await db.TrainingSessions().SingleAsync(x => x.Id == w.Waiting);
            s.CreatedByAadObjectId = w.Erika.AadObjectId;
            return await db.SaveChangesAsync();
        });

        var card = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed", null);

        Assert.Contains(Texts.Get("de", "privacy.kept.sessionsStay"), Words(card), StringComparison.Ordinal);
        var session = await Bot.WithDbAsync(db => db.TrainingSessions().SingleAsync(s => s.Id == w.Waiting));
        Assert.Equal("", session.CreatedByAadObjectId);
        Assert.Equal(SessionStatus.Published, session.Status);
    }

    private Task<List<string>> LeonRowsAsync(World w) =>
        Bot.WithDbAsync(async db =>
        {
            var registrations = await db.TrainingRegistrations().Where(r => r.UserAadObjectId == w.Leon.AadObjectId)
                .Select(r => r.SessionId + ":" + r.Status + ":" + r.UserName).ToListAsync();
            var interests = await db.TrainingInterests().Where(i => i.UserAadObjectId == w.Leon.AadObjectId).Select(i => i.ToolId + ":interest").ToListAsync();
            var installations = await db.Installations().Where(i => i.UserAadObjectId == w.Leon.AadObjectId).Select(i => i.ConversationId + ":" + i.Active).ToListAsync();
            return registrations.Concat(interests).Concat(installations).Order(StringComparer.Ordinal).ToList();
        });
}

public sealed class MyDataTests_Sqlite(SqliteBot bot) : MyDataTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class MyDataTests_Postgres(PostgresBot bot) : MyDataTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
