using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// Erika browses the trainings: the list in date order across tools with her status in words, the buttons that name
/// their session, the tool filter typed or clicked, paging, the details (deadline with weekday, place, online in words)
/// and "meine termine" with quick actions. Through HTTP on SQLite and PostgreSQL.
/// </summary>
public abstract partial class BrowseTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Anna = Colleague(9301);
    private static readonly Persona Ben = Colleague(9302);
    private static readonly Persona Carla = Colleague(9303);
    private static readonly Persona Dora = Colleague(9304);

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    private static JsonObject Tool(long toolId) => new() { ["toolId"] = toolId.ToString(CultureInfo.InvariantCulture) };

    private async Task<JsonObject> TypeAsync(Persona p, string text)
    {
        var conversation = $"a:personal-{Guid.NewGuid():N}";
        var message = Message(Bot, p, text, conversation);
        await Bot.PostAsync(message);
        // The reply to this message: a receipt of an earlier test's sign-up may reach this new chat first.
        return CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, message["id"]!.GetValue<string>()))
            ?? throw new Xunit.Sdk.XunitException("no card in the answer");
    }

    /// <summary>The rows of the list or "meine termine": one container per session, found by its details button.</summary>
    private static List<JsonObject> Rows(JsonObject card) =>
        [.. card["body"]!.AsArray().OfType<JsonObject>().Where(c => c["type"]?.GetValue<string>() == "Container"
            && Verbs(c).Contains("trainings.detail"))];

    private static JsonObject Row(JsonObject card, string title) =>
        Assert.Single(Rows(card), r => Words(r).Split('\n').Contains(title));

    private static Dictionary<string, string> Facts(JsonObject card) =>
        Walk(card).Where(o => o["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray().OfType<JsonObject>())
            .ToDictionary(f => f["title"]!.GetValue<string>(), f => Unescape(f["value"]!.GetValue<string>()));

    private static string Unescape(string markdown) => MarkdownEscape().Replace(markdown, "$1");

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex MarkdownEscape();

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    private static IReadOnlyList<string> Titles(JsonObject card) =>
        [.. Walk(card).Where(o => o["type"]?.GetValue<string>() is "Action.Execute" or "Action.OpenUrl").Select(o => o["title"]!.GetValue<string>())];

    [Fact]
    public async Task List_SessionsOfSeveralTools_InDateOrderNotByTool()
    {
        var trello = await SessionAsync(Bot, capacity: 8, tool: "Trello", title: Unique("Trello"), startsIn: TimeSpan.FromHours(2));
        var miro = await SessionAsync(Bot, capacity: 8, tool: "Miro", title: Unique("Miro"), startsIn: TimeSpan.FromHours(3));
        var scrum = await SessionAsync(Bot, capacity: 8, tool: "Scrum", title: Unique("Scrum"), startsIn: TimeSpan.FromHours(4));

        var card = await ClickAsync(Erika, "trainings.list");

        var ids = Rows(card).Select(r => Actions(r).Single(a => a["verb"]!.GetValue<string>() == "trainings.detail")["data"]!["sessionId"]!.GetValue<long>()).ToList();
        var mine = ids.Where(id => id == trello || id == miro || id == scrum).ToList();
        Assert.Equal([trello, miro, scrum], mine);
        var sessions = await Bot.WithDbAsync(db => Task.FromResult(db.TrainingSessions().Where(s => ids.Contains(s.Id)).ToDictionary(s => s.Id, s => s.StartsAtUtc)));
        Assert.Equal(ids.OrderBy(id => sessions[id]).ToList(), ids);
        var session = await Bot.WithDbAsync(db => Task.FromResult(db.TrainingSessions().Single(s => s.Id == trello)));
        Assert.Contains($"Trello · {TrainingTime.Span("de", session.StartsAtUtc, session.EndsAtUtc)}", Words(Row(card, session.Title)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Waitlist_EachPersonSeesOwnPlaceInWords()
    {
        var tool = Unique("Stackfield");
        var title = Unique("Stackfield Grundlagen");
        var id = await SessionAsync(Bot, capacity: 1, tool: tool, title: title, startsIn: TimeSpan.FromDays(2));
        var toolId = await ToolAsync(Bot, tool);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));

        var forAnna = Words(Row(await ClickAsync(Anna, "trainings.list", Tool(toolId)), title));
        var forBen = Words(Row(await ClickAsync(Ben, "trainings.list", Tool(toolId)), title));
        var forCarla = Words(Row(await ClickAsync(Carla, "trainings.list", Tool(toolId)), title));
        var forDora = Words(Row(await ClickAsync(Dora, "trainings.list", Tool(toolId)), title));

        Assert.Contains(Word.De("trainings.status.booked"), forAnna, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.status.waitlisted", 1), forBen, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.status.waitlisted", 2), forCarla, StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("trainings.status.waitlisted", 1), forCarla, StringComparison.Ordinal);
        Assert.DoesNotContain("Status", forDora, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.fullWaitlist", 2), forDora, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.status.waitlisted", 2), Words(await ClickAsync(Carla, "trainings.detail", Session(id))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_StatusOfferedBookedWaiting_WordsWithoutEmojiOrGreenText()
    {
        var tool = Unique("Scrum");
        var toolId = await ToolAsync(Bot, tool);
        var booked = await SessionAsync(Bot, capacity: 3, tool: tool, title: Unique("Scrum A"), startsIn: TimeSpan.FromDays(2));
        var offered = await SessionAsync(Bot, capacity: 1, tool: tool, title: Unique("Scrum B"), startsIn: TimeSpan.FromDays(3));
        await ClickAsync(Erika, "trainings.signUp", Session(booked));
        var expires = DateTime.UtcNow.AddHours(20);
        await Bot.WithDbAsync(async db =>
        {
            db.TrainingRegistrations().Add(new Registration
            {
                SessionId = offered, UserAadObjectId = Erika.AadObjectId, UserName = Erika.Name, TenantId = BotFixture.TenantId,
                Status = RegistrationStatus.Offered, OfferExpiresAtUtc = expires, WaitlistSeq = 1,
                CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var card = await ClickAsync(Erika, "trainings.list", Tool(toolId));

        var words = Words(card);
        Assert.Contains(Word.De("trainings.status.booked"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.status.offered", Wording.Moment("de", expires)), words, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[\u2600-\u27BF]|\p{Cs}", words);
        Assert.DoesNotContain(Walk(card), o => o["type"]?.GetValue<string>() == "TextBlock"
            && o["color"]?.GetValue<string>() is { } color && !color.Equals("attention", StringComparison.OrdinalIgnoreCase)
            && !color.Equals("default", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task List_SameTitleTwice_ButtonTitlesUniqueAndNameTheSession()
    {
        var tool = Unique("Miro");
        var toolId = await ToolAsync(Bot, tool);
        var title = Unique("Miro für Einsteiger");
        var first = await SessionAsync(Bot, capacity: 8, tool: tool, title: title, startsIn: TimeSpan.FromDays(2));
        await SessionAsync(Bot, capacity: 8, tool: tool, title: title, startsIn: TimeSpan.FromDays(4));
        await SessionAsync(Bot, capacity: 8, tool: tool, title: Unique("Miro kompakt"), startsIn: TimeSpan.FromDays(5));
        await ClickAsync(Ben, "trainings.signUp", Session(first));

        foreach (var card in new[] { await ClickAsync(Ben, "trainings.list", Tool(toolId)), await ClickAsync(Ben, "myitems.show") })
        {
            var titles = Titles(card);
            Assert.Equal(titles.Count, titles.Distinct(StringComparer.Ordinal).Count());
        }
        var list = await ClickAsync(Ben, "trainings.list", Tool(toolId));
        var details = Actions(list).Where(a => a["verb"]!.GetValue<string>() == "trainings.detail").Select(a => a["title"]!.GetValue<string>()).ToList();
        Assert.Equal(3, details.Count);
        Assert.All(details, d => Assert.StartsWith(Word.De("trainings.browse.detailsOf", ""), d, StringComparison.Ordinal));
        var start = await Bot.WithDbAsync(db => Task.FromResult(db.TrainingSessions().Single(s => s.Id == first).StartsAtUtc));
        Assert.Contains(Word.De("trainings.browse.detailsOf", $"{title}, {Wording.Day("de", DateOnly.FromDateTime(TrainingTime.ToBerlin(start)))}"), details);
    }

    [Fact]
    public async Task Command_SchulungenMiro_OnlyThatToolsSessions()
    {
        var tool = Unique("Quokka");
        var other = Unique("Wombat");
        var mine = await SessionAsync(Bot, capacity: 8, tool: tool, title: Unique("Quokka kompakt"), startsIn: TimeSpan.FromDays(1));
        await SessionAsync(Bot, capacity: 8, tool: other, title: Unique("Wombat kompakt"), startsIn: TimeSpan.FromDays(1));

        var card = await TypeAsync(Erika, "schulungen " + tool.ToUpperInvariant());

        var ids = Actions(card).Where(a => a["verb"]!.GetValue<string>() == "trainings.detail").Select(a => a["data"]!["sessionId"]!.GetValue<long>()).ToList();
        Assert.Equal([mine], ids);
        Assert.Contains(Word.De("trainings.browse.filtered", tool), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_ToolNameWithSwappedLetters_StillThatTool()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var mine = await SessionAsync(Bot, capacity: 8, tool: "Flamingo " + suffix, title: Unique("Flamingo"), startsIn: TimeSpan.FromDays(1));

        var card = await TypeAsync(Erika, $"schulungen flamnigo {suffix}");

        var ids = Actions(card).Where(a => a["verb"]!.GetValue<string>() == "trainings.detail").Select(a => a["data"]!["sessionId"]!.GetValue<long>()).ToList();
        Assert.Equal([mine], ids);
    }

    [Fact]
    public async Task Command_TrainingsUnknownTool_WholeListWithKindNotice()
    {
        await SessionAsync(Bot, capacity: 8, tool: "Miro", title: Unique("Miro"), startsIn: TimeSpan.FromHours(5));
        await SessionAsync(Bot, capacity: 8, tool: "Trello", title: Unique("Trello"), startsIn: TimeSpan.FromHours(6));

        var card = await TypeAsync(Erika, "trainings Quantencomputer");

        Assert.Contains(Word.De("trainings.browse.unknownTool", "Quantencomputer"), Words(card), StringComparison.Ordinal);
        Assert.False(Words(card).Contains(Word.De("trainings.browse.filtered", "Miro"), StringComparison.Ordinal));
        Assert.True(Rows(card).Count >= 2);
    }

    [Fact]
    public async Task List_ManySessions_PagedWithNamedPageButtons()
    {
        var tool = Unique("Power BI");
        var toolId = await ToolAsync(Bot, tool);
        for (var n = 0; n < TrainingList.PageSize + 3; n++)
            await SessionAsync(Bot, capacity: 8, tool: tool, title: $"{tool} Teil {n:D2}", startsIn: TimeSpan.FromDays(60 + n));

        var first = await ClickAsync(Erika, "trainings.list", Tool(toolId));
        var next = Assert.Single(Actions(first), a => a["title"]!.GetValue<string>() == Word.De("trainings.browse.nextPage", 11, 13));
        var second = await ClickAsync(Erika, "trainings.list", next["data"]!.DeepClone().AsObject());

        Assert.Equal(TrainingList.PageSize, Rows(first).Count);
        Assert.Contains(Word.De("trainings.browse.page", 1, 10, 13), Words(first), StringComparison.Ordinal);
        Assert.Equal(3, Rows(second).Count);
        Assert.Contains($"{tool} Teil 12", Words(second), StringComparison.Ordinal);
        Assert.Contains(Actions(second), a => a["title"]!.GetValue<string>() == Word.De("trainings.browse.previousPage", 1, 10));
        Assert.True(first.ToJsonString().Length < 28_000, $"card of {first.ToJsonString().Length} bytes");
    }

    [Fact]
    public async Task List_ToolWithoutDate_FilteredSaysSoAndOffersInterestNamingTheTool()
    {
        var tool = Unique("Kanban");
        var toolId = await ToolAsync(Bot, tool);

        var card = await ClickAsync(Dora, "trainings.list", Tool(toolId));

        Assert.Contains(Word.De("trainings.browse.emptyTool", tool), Words(card), StringComparison.Ordinal);
        var interest = Assert.Single(Actions(card), a => a["verb"]!.GetValue<string>() == "trainings.interest");
        Assert.Equal(Word.De("trainings.browse.interestOf", tool), interest["title"]!.GetValue<string>());
        Assert.Contains(Actions(card), a => a["title"]!.GetValue<string>() == Word.De("trainings.browse.filterReset"));
    }

    [Fact]
    public async Task Details_FactsShowDeadlineWithWeekdayPlaceSeatsAndOnlineInWords()
    {
        var hybrid = await SessionAsync(Bot, capacity: 10, title: Unique("Miro hybrid"), startsIn: TimeSpan.FromDays(3),
            adjust: s => s.OnlineUrl = "https://teams.microsoft.com/l/meetup-join/19%3ameeting");
        var online = await SessionAsync(Bot, capacity: 10, title: Unique("Miro online"), startsIn: TimeSpan.FromDays(3),
            adjust: s => { s.Place = ""; s.OnlineUrl = "https://meet.example.org/miro"; });
        await ClickAsync(Anna, "trainings.signUp", Session(hybrid));
        await ClickAsync(Ben, "trainings.signUp", Session(hybrid));
        await ClickAsync(Carla, "trainings.signUp", Session(hybrid));

        var card = await ClickAsync(Dora, "trainings.detail", Session(hybrid));

        var start = await Bot.WithDbAsync(db => Task.FromResult(db.TrainingSessions().Single(s => s.Id == hybrid).StartsAtUtc));
        var facts = Facts(card);
        Assert.Equal(Wording.Moment("de", start.AddHours(-24)), facts[Word.De("trainings.browse.deadline")]);
        Assert.Matches(@"^\w\w\.,", facts[Word.De("trainings.browse.deadline")]);
        Assert.Equal(Word.De("trainings.browse.where.bothTeams", "stadtLABOR, Raum 1.12"), facts[Word.De("trainings.place")]);
        Assert.Equal(Word.De("trainings.browse.seats.free", 7, 10), facts[Word.De("trainings.seatsLabel")]);
        var words = Words(card);
        Assert.DoesNotContain("✓", card.ToJsonString(), StringComparison.Ordinal);
        var reminders = Word.De("trainings.browse.next.and", Word.De("time.hour.other", 24), Word.De("time.hour.one", 1));
        Assert.Contains(Word.De("trainings.browse.next.signUp", reminders), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.browse.next.online"), words, StringComparison.Ordinal);

        var onlineFacts = Facts(await ClickAsync(Dora, "trainings.detail", Session(online)));
        Assert.Equal(Word.De("trainings.browse.where.online"), onlineFacts[Word.De("trainings.place")]);

        var booked = await ClickAsync(Anna, "trainings.detail", Session(hybrid));
        Assert.Contains(Word.De("trainings.status.booked"), Words(booked), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.browse.next.booked", reminders), Words(booked), StringComparison.Ordinal);
        Assert.True(Facts(booked).ContainsKey(Word.De("trainings.browse.deadline")));
    }

    [Fact]
    public async Task Details_SessionInFiveHours_PromisesOnlyTheReminderStillAhead()
    {
        var id = await SessionAsync(Bot, capacity: 10, title: Unique("Miro bald"), startsIn: TimeSpan.FromHours(5));

        var words = Words(await ClickAsync(Dora, "trainings.detail", Session(id)));

        Assert.Contains(Word.De("trainings.browse.next.signUp", Word.De("time.hour.one", 1)), words, StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("time.hour.other", 24), words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_BookingWaitlistAndOffer_DateOrderWithQuickActionsNamingTheSession()
    {
        var me = Colleague(9310);
        var tool = Unique("Trello");
        var later = await SessionAsync(Bot, capacity: 4, tool: tool, title: Unique("Trello später"), startsIn: TimeSpan.FromDays(9));
        var full = await SessionAsync(Bot, capacity: 1, tool: tool, title: Unique("Trello voll"), startsIn: TimeSpan.FromDays(5));
        var sooner = await SessionAsync(Bot, capacity: 4, tool: tool, title: Unique("Trello bald"), startsIn: TimeSpan.FromDays(2));
        await ClickAsync(me, "trainings.signUp", Session(later));
        await ClickAsync(Anna, "trainings.signUp", Session(full));
        await ClickAsync(me, "trainings.signUp", Session(full));
        await ClickAsync(me, "trainings.signUp", Session(sooner));

        var card = await ClickAsync(me, "myitems.show");

        var rows = Rows(card);
        var order = rows.Select(r => Actions(r).Single(a => a["verb"]!.GetValue<string>() == "trainings.detail")["data"]!["sessionId"]!.GetValue<long>()).ToList();
        Assert.Equal([sooner, full, later], order);
        var titles = await Bot.WithDbAsync(db => Task.FromResult(db.TrainingSessions().Where(s => order.Contains(s.Id)).ToDictionary(s => s.Id, s => s.Title)));

        var booked = rows[0];
        Assert.Contains(Word.De("trainings.status.booked"), Words(booked), StringComparison.Ordinal);
        Assert.Equal(
            [Word.De("trainings.browse.detailsOf", titles[sooner]), Word.De("trainings.browse.calendarOf", titles[sooner]), Word.De("trainings.browse.cancelOf", titles[sooner])],
            Titles(booked));
        var cancel = Actions(booked).Single(a => a["verb"]!.GetValue<string>() == "trainings.cancel");
        Assert.Equal(sooner, cancel["data"]!["sessionId"]!.GetValue<long>());
        Assert.Null(cancel["style"]);

        var waiting = rows[1];
        Assert.Contains(Word.De("trainings.status.waitlisted", 1), Words(waiting), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.browse.leaveWaitlistOf", titles[full]), Titles(waiting));
        Assert.Equal(full, Actions(waiting).Single(a => a["verb"]!.GetValue<string>() == "trainings.cancel")["data"]!["sessionId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Mine_Offer_AcceptAndDeclineNameTheSessionAcceptFirst()
    {
        var me = Colleague(9311);
        var title = Unique("Scrum Offer");
        var id = await SessionAsync(Bot, capacity: 1, tool: "Scrum", title: title, startsIn: TimeSpan.FromDays(6));
        await Bot.WithDbAsync(async db =>
        {
            db.TrainingRegistrations().Add(new Registration
            {
                SessionId = id, UserAadObjectId = me.AadObjectId, UserName = me.Name, TenantId = BotFixture.TenantId,
                Status = RegistrationStatus.Offered, OfferExpiresAtUtc = DateTime.UtcNow.AddHours(10), WaitlistSeq = 1,
                CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var row = Assert.Single(Rows(await ClickAsync(me, "myitems.show")));

        Assert.Equal(
            [Word.De("trainings.browse.acceptOf", title), Word.De("trainings.browse.declineOf", title), Word.De("trainings.browse.detailsOf", title)],
            Titles(row));
    }

    [Fact]
    public async Task Mine_ManyBookings_CappedWithNoteAndSmallCard()
    {
        var me = Colleague(9312);
        var tool = Unique("Viele");
        for (var n = 0; n < ShowMyTrainings.MaxShown + 2; n++)
        {
            var id = await SessionAsync(Bot, capacity: 4, tool: tool, title: new string('M', TrainingLimits.Title - 3) + n.ToString("D3", CultureInfo.InvariantCulture),
                startsIn: TimeSpan.FromDays(20 + n));
            await ClickAsync(me, "trainings.signUp", Session(id));
        }

        var card = await ClickAsync(me, "myitems.show");

        Assert.Equal(ShowMyTrainings.MaxShown, Rows(card).Count);
        Assert.Contains(Word.De("trainings.mine.more", 2), Words(card), StringComparison.Ordinal);
        Assert.True(card.ToJsonString().Length < 28_000, $"card of {card.ToJsonString().Length} bytes");
        var titles = Titles(card);
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.Ordinal).Count());
    }
}

/// <summary>
/// The tool filter on a database of its own (the count of tools decides its form): a button per tool that names it
/// while there are few, a labelled choice with "Filter anwenden" from five tools on, "Alle Tools zeigen" to reset.
/// </summary>
public abstract class BrowseFilterTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Filter_FewToolsButtonsNamingTheTool_ManyToolsLabelledChoiceWithApply()
    {
        await SessionAsync(Bot, capacity: 8, tool: "Miro", title: "Miro für Einsteiger");
        await SessionAsync(Bot, capacity: 8, tool: "Trello", title: "Trello im Team");
        var trello = await ToolAsync(Bot, "Trello");
        await ToolAsync(Bot, "Stackfield");

        var few = await TrainingSeed.ClickAsync(Bot, Erika, "trainings.list");
        var buttons = Actions(few).Where(a => a["verb"]!.GetValue<string>() == "trainings.list").ToList();
        Assert.Equal([Word.De("trainings.browse.filterOnly", "Miro"), Word.De("trainings.browse.filterOnly", "Trello")], buttons.Select(b => b["title"]!.GetValue<string>()));
        var filtered = await TrainingSeed.ClickAsync(Bot, Erika, "trainings.list", buttons[1]["data"]!.DeepClone().AsObject());
        Assert.Contains("Trello im Team", Words(filtered), StringComparison.Ordinal);
        Assert.DoesNotContain("Miro für Einsteiger", Words(filtered), StringComparison.Ordinal);
        Assert.Contains(Actions(filtered), a => a["title"]!.GetValue<string>() == Word.De("trainings.browse.filterReset") && a["data"]!.AsObject().Count == 0);

        foreach (var tool in new[] { "Scrum", "Power BI", "Excel" })
            await SessionAsync(Bot, capacity: 8, tool: tool, title: tool + " kompakt");
        var many = await TrainingSeed.ClickAsync(Bot, Erika, "trainings.list");

        Assert.DoesNotContain(Actions(many), a => a["title"]!.GetValue<string>().StartsWith(Word.De("trainings.browse.filterOnly", ""), StringComparison.Ordinal));
        var choice = Assert.Single(Walk(many), o => o["type"]?.GetValue<string>() == "Input.ChoiceSet");
        Assert.Equal(Word.De("trainings.browse.filterLabel"), choice["label"]!.GetValue<string>());
        Assert.Equal(6, choice["choices"]!.AsArray().Count);
        Assert.DoesNotContain("Stackfield", choice["choices"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(Actions(many), a => a["title"]!.GetValue<string>() == Word.De("trainings.browse.filterApply"));
        var applied = await TrainingSeed.ClickAsync(Bot, Erika, "trainings.list", new JsonObject { ["toolId"] = trello.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(trello.ToString(CultureInfo.InvariantCulture), Assert.Single(Walk(applied), o => o["type"]?.GetValue<string>() == "Input.ChoiceSet")["value"]!.GetValue<string>());
    }

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };
}

public sealed class BrowseFilterTests_Sqlite(SqliteBot bot) : BrowseFilterTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class BrowseFilterTests_Postgres(PostgresBot bot) : BrowseFilterTests<PostgresBot>(bot), IClassFixture<PostgresBot>;

public sealed class BrowseTests_Sqlite(SqliteBot bot) : BrowseTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class BrowseTests_Postgres(PostgresBot bot) : BrowseTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
