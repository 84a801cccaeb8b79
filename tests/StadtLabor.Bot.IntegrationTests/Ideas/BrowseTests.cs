using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Ideas.BrowseCards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// Erika from the Ordnungsamt browses her colleagues' ideas ("ideen"): by status, the most supported first, ten to a
/// page; the details with the Lotsen's public answers (never an internal comment) and no names of submitters or
/// supporters. Through HTTP on SQLite and PostgreSQL; the database is shared, so each test looks only at its own ideas.
/// </summary>
public abstract class BrowseTests<TBot>(TBot fixture) where TBot : IdeasBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    private Task<long> IdeaAsync(string title, IdeaStatus status = IdeaStatus.Submitted, int supports = 0, int daysAgo = 0, Action<Idea>? adjust = null) =>
        IdeaSeed.IdeaAsync(Bot, title, Lotsin, status, daysAgo: daysAgo, adjust: i => { i.SupportCount = supports; adjust?.Invoke(i); });

    private static List<long> IdsOf(IEnumerable<JsonObject> rows, IReadOnlyCollection<long> ours) =>
        [.. rows.Select(r => long.Parse(Head(r)[1..Head(r).IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).Where(ours.Contains)];

    [Fact]
    public async Task Browse_OpenIdeas_MostSupportedFirstThenNewest_NoClosedOrMerged()
    {
        var few = await IdeaAsync(IdeaSeed.Unique("Wenig unterstützt"), supports: 1, daysAgo: 1);
        var olderTie = await IdeaAsync(IdeaSeed.Unique("Gleichstand älter"), IdeaStatus.InReview, supports: 4, daysAgo: 3);
        var newerTie = await IdeaAsync(IdeaSeed.Unique("Gleichstand neuer"), IdeaStatus.Accepted, supports: 4, daysAgo: 2);
        var none = await IdeaAsync(IdeaSeed.Unique("Noch niemand"));
        var done = await IdeaAsync(IdeaSeed.Unique("Umgesetzt"), IdeaStatus.Done, supports: 9);
        var rejected = await IdeaAsync(IdeaSeed.Unique("Abgelehnt"), IdeaStatus.Rejected, supports: 9);
        var merged = await IdeaAsync(IdeaSeed.Unique("Zusammengeführt"), IdeaStatus.Merged, supports: 9, adjust: i => i.MergedIntoId = few);
        long[] ours = [few, olderTie, newerTie, none, done, rejected, merged];

        var open = await AllRowsAsync(Bot, Erika, "open");
        var doneRows = await AllRowsAsync(Bot, Erika, "done");
        var rejectedRows = await AllRowsAsync(Bot, Erika, "rejected");

        Assert.Equal([newerTie, olderTie, few, none], IdsOf(open, ours));
        Assert.Equal([done], IdsOf(doneRows, ours));
        Assert.Equal([rejected], IdsOf(rejectedRows, ours));
        var all = new JsonObject { ["body"] = new JsonArray([.. open.Select(r => r.DeepClone())]) };
        var tie = Words(Row(all, newerTie));
        Assert.Contains(Word.De("ideasBrowse.status", Word.De("ideas.status.accepted")), tie, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.supports.other", 4), tie, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.supports.one"), Words(Row(all, few)), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.supports.none"), Words(Row(all, none)), StringComparison.Ordinal);
        var title = (await IdeaSeed.LoadAsync(Bot, none)).Title;
        var details = Assert.Single(Actions(Row(all, none)));
        Assert.Equal(Word.De("ideasBrowse.action.details", $"#{none} {title}"), details["title"]!.GetValue<string>());
        Assert.Equal(none.ToString(System.Globalization.CultureInfo.InvariantCulture), DataOf(details, "ideaId"));
    }

    [Fact]
    public async Task Browse_MoreThanTen_PagesWithNextAndPrevious()
    {
        for (var n = 0; n < 11; n++) await IdeaAsync(IdeaSeed.Unique("Seite"), daysAgo: n);

        var first = await ClickAsync(Erika, "ideas.browse");
        var next = Actions(first).Single(a => a["data"]?["page"] is not null);
        var second = await ClickAsync(Erika, "ideas.browse", next["data"]!.AsObject().DeepClone().AsObject());
        var back = Actions(second).Where(a => a["data"]?["page"] is not null).ToList();

        Assert.Equal(10, Rows(first).Count);
        Assert.Matches(Word.DePattern("ideasBrowse.nextPage"), next["title"]!.GetValue<string>());
        Assert.Equal("1", DataOf(next, "page"));
        Assert.Equal("open", DataOf(next, "status"));
        Assert.Contains(back, a => Word.De("ideasBrowse.previousPage", 1, 10) == a["title"]!.GetValue<string>() && DataOf(a, "page") == "0");
        Assert.Empty(Rows(first).Select(Head).Intersect(Rows(second).Select(Head)));
    }

    [Fact]
    public async Task Browse_TamperedStatusAndPage_TheDefaultNeverAnError()
    {
        await IdeaAsync(IdeaSeed.Unique("Manipuliert"));
        var plain = await ClickAsync(Erika, "ideas.browse");

        JsonObject[] tampered =
        [
            new() { ["status"] = "<b>alle</b>", ["page"] = "abc" },
            new() { ["status"] = 42, ["page"] = -3 },
            new() { ["status"] = new JsonObject { ["x"] = 1 }, ["page"] = new JsonArray(JsonValue.Create(1)) },
        ];
        foreach (var data in tampered)
        {
            var card = await ClickAsync(Erika, "ideas.browse", data);
            Assert.Contains(Word.De("ideasBrowse.filter.showing.open"), Words(card), StringComparison.Ordinal);
            Assert.Equal(Rows(plain).Select(Head), Rows(card).Select(Head));
            Assert.DoesNotContain(Actions(card), a => a["data"]?["page"]?.ToString() == "-1");
        }
        var far = await ClickAsync(Erika, "ideas.browse", new JsonObject { ["status"] = "open", ["page"] = "99999" });
        Assert.NotEmpty(Rows(far));
        Assert.DoesNotContain(Actions(far), a => Word.DePattern("ideasBrowse.nextPage").IsMatch(a["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Browse_TypedIdeenAndIdeas_OpenIdeasInTheLanguage()
    {
        var conversation = "a:personal-" + Guid.NewGuid().ToString("N");
        var erika = TrainingSeed.Colleague(7101);
        var german = Message(Bot, erika, "Ideen", conversation);
        await Bot.PostAsync(german);
        var de = CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, german["id"]!.GetValue<string>()));
        var doneTyped = Message(Bot, erika, "ideen umgesetzt", conversation);
        await Bot.PostAsync(doneTyped);
        var done = CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, doneTyped["id"]!.GetValue<string>()));
        var english = Message(Bot, erika, "ideas", conversation, locale: "en-US");
        await Bot.PostAsync(english);
        var en = CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, english["id"]!.GetValue<string>()));

        Assert.Contains(Word.De("ideasBrowse.filter.showing.open"), Words(de), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.filter.showing.done"), Words(done), StringComparison.Ordinal);
        Assert.Contains(Word.En("ideasBrowse.title"), Words(en), StringComparison.Ordinal);
        Assert.Contains(Word.En("ideasBrowse.filter.showing.open"), Words(en), StringComparison.Ordinal);
        Assert.Contains("ideas.show", Verbs(de));
    }

    [Fact]
    public async Task Show_PublicAnswersNewestFirstAtMostFive_InternalNever()
    {
        var id = await IdeaAsync(IdeaSeed.Unique("Antworten"), IdeaStatus.InReview);
        var secret = "INTERN " + Guid.NewGuid().ToString("N");
        var at = DateTime.UtcNow.AddDays(-10);
        await Bot.WithDbAsync(async db =>
        {
            for (var n = 1; n <= 6; n++)
                db.IdeaEvents().Add(new IdeaEvent { IdeaId = id, Kind = IdeaEventKind.Comment, Public = true, Text = $"Öffentlich {n}", ActorName = n == 6 ? "" : Lotse.Name, CreatedAtUtc = at.AddDays(n) });
            db.IdeaEvents().Add(new IdeaEvent { IdeaId = id, Kind = IdeaEventKind.Comment, Public = false, Text = secret, ActorName = Lotse.Name, CreatedAtUtc = at.AddDays(8) });
            db.IdeaEvents().Add(new IdeaEvent { IdeaId = id, Kind = IdeaEventKind.Assigned, Public = true, Text = "", ActorName = Lotse.Name, CreatedAtUtc = at.AddDays(9) });
            return await db.SaveChangesAsync();
        });

        var card = await ClickAsync(Erika, "ideas.show", Json(id));
        var list = await AllRowsAsync(Bot, Erika, "open");

        var words = Words(card);
        var shown = new[] { 6, 5, 4, 3, 2 }.Select(n => words.IndexOf($"Öffentlich {n}", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, shown);
        Assert.Equal(shown.Order(), shown);
        Assert.DoesNotContain("Öffentlich 1", words, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, card.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, string.Join("", list.Select(r => r.ToJsonString())), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.answers.by", Word.De("ideasBrowse.answers.team"), ""), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.answers.by", Lotse.Name, ""), words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_StaffCards_NeverNameSubmitterOrSupporters()
    {
        var title = IdeaSeed.Unique("Namen");
        var id = await IdeaSeed.IdeaAsync(Bot, title, Erika, department: "Ordnungsamt");
        await IdeaSeed.SupportAsync(Bot, id, Lotse);

        var cards = new[]
        {
            await ClickAsync(Lotsin, "ideas.show", Json(id)),
            await ClickAsync(Innovation, "ideas.show", Json(id)),
            await ClickAsync(Lotsin, "ideas.browse"),
        };

        foreach (var card in cards)
        {
            var json = card.ToJsonString();
            foreach (var p in new[] { Erika, Lotse })
            {
                Assert.DoesNotContain(p.Name, Words(card), StringComparison.Ordinal);
                Assert.DoesNotContain(p.AadObjectId, json, StringComparison.Ordinal);
            }
        }
        Assert.Equal("Ordnungsamt", Facts(cards[0])[Word.De("ideasBrowse.fact.helps")]);
        Assert.Equal(Word.De("ideasBrowse.supports.one"), Facts(cards[0])[Word.De("ideasBrowse.fact.supports")]);
    }

    [Fact]
    public async Task Show_MergedIdea_NamesTheTargetWithAButtonAndNoSupport()
    {
        var target = await IdeaAsync(IdeaSeed.Unique("Ziel"));
        var merged = await IdeaAsync(IdeaSeed.Unique("Doppelt"), IdeaStatus.Merged, adjust: i => i.MergedIntoId = target);

        var card = await ClickAsync(Erika, "ideas.show", Json(merged));
        var toTarget = Assert.Single(Actions(card), a => a["verb"]!.GetValue<string>() == "ideas.show");
        var targetCard = await ClickAsync(Erika, "ideas.show", toTarget["data"]!.AsObject().DeepClone().AsObject());

        Assert.Equal(Word.De("ideasBrowse.mergedInto", target), Facts(card)[Word.De("ideasBrowse.fact.status")]);
        Assert.Null(Action(card, "ideas.support"));
        Assert.Contains($"#{target} ", Words(targetCard), StringComparison.Ordinal);
        Assert.NotNull(Action(targetCard, "ideas.support"));
    }

    [Fact]
    public async Task Show_UnknownOrTamperedId_ErrorCard()
    {
        JsonObject[] bad = [new() { ["ideaId"] = "abc" }, new() { ["ideaId"] = -5 }, new() { ["ideaId"] = new JsonObject() }, new()];

        var unknown = await ClickAsync(Erika, "ideas.show", new JsonObject { ["ideaId"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains(Word.De("ideasBrowse.error.unknownIdea"), Words(unknown), StringComparison.Ordinal);
        foreach (var data in bad)
            Assert.Contains(Word.De("ideasBrowse.error.badRequest"), Words(await ClickAsync(Erika, "ideas.show", data)), StringComparison.Ordinal);
    }
}

[Collection(IdeasCollections.Sqlite)]
public sealed class BrowseTests_Sqlite(SqliteIdeasBot bot) : BrowseTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class BrowseTests_Postgres(PostgresIdeasBot bot) : BrowseTests<PostgresIdeasBot>(bot);
