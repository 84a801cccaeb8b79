using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Ideas.BrowseCards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// "Das ist meine Idee auch": Erika supports a colleague's idea (one support however often she clicks), withdraws it,
/// cannot support her own or a closed one, is sent on from a merged one; tampered ids change nothing. The answer is
/// the refreshed idea card with a line saying what happened. Through HTTP on SQLite and PostgreSQL.
/// </summary>
public abstract class SupportTests<TBot>(TBot fixture) where TBot : IdeasBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private Task<JsonObject> ClickAsync(Persona p, string verb, long ideaId) => TrainingSeed.ClickAsync(Bot, p, verb, Json(ideaId));

    private Task<int> SupportsAsync(long ideaId) => Bot.WithDbAsync(db => db.IdeaSupports().CountAsync(s => s.IdeaId == ideaId));

    private Task<int> SupportsOfAsync(Persona p) => Bot.WithDbAsync(db => db.IdeaSupports().CountAsync(s => s.UserAadObjectId == p.AadObjectId));

    private static string Supports(JsonObject card) => Facts(card)[Word.De("ideasBrowse.fact.supports")];

    [Fact]
    public async Task Support_ThreeClicksAtOnce_OneSupportCountOne()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Dreifachklick"), Lotsin);

        var cards = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ClickAsync(Erika, "ideas.support", id)));

        Assert.Equal(1, await SupportsAsync(id));
        Assert.Equal(1, (await IdeaSeed.LoadAsync(Bot, id)).SupportCount);
        var notices = cards.Select(Words).ToList();
        Assert.Single(notices, w => w.Contains(Word.De("ideasBrowse.outcome.added"), StringComparison.Ordinal));
        Assert.Equal(2, notices.Count(w => w.Contains(Word.De("ideasBrowse.outcome.alreadySupported"), StringComparison.Ordinal)));
        Assert.All(cards, c => Assert.NotNull(Action(c, "ideas.unsupport")));
    }

    [Fact]
    public async Task Support_ThenWithdraw_CountBackAndButtonsSwap()
    {
        var title = IdeaSeed.Unique("Zurückziehen");
        var id = await IdeaSeed.IdeaAsync(Bot, title, Lotsin);

        var supported = await ClickAsync(Erika, "ideas.support", id);
        var withdrawn = await ClickAsync(Erika, "ideas.unsupport", id);
        var again = await ClickAsync(Erika, "ideas.unsupport", id);

        Assert.Equal(Word.De("ideasBrowse.supports.one"), Supports(supported));
        Assert.Contains(Word.De("ideasBrowse.standing.supporting"), Words(supported), StringComparison.Ordinal);
        Assert.Equal(Word.De("ideasBrowse.action.unsupport", $"#{id} {title}"), Action(supported, "ideas.unsupport")!["title"]!.GetValue<string>());
        Assert.Null(Action(supported, "ideas.support"));
        Assert.Contains(Word.De("ideasBrowse.outcome.removed"), Words(withdrawn), StringComparison.Ordinal);
        Assert.Equal(Word.De("ideasBrowse.supports.none"), Supports(withdrawn));
        Assert.Equal(Word.De("ideasBrowse.action.support", $"#{id} {title}"), Action(withdrawn, "ideas.support")!["title"]!.GetValue<string>());
        Assert.Contains(Word.De("ideasBrowse.outcome.notSupported"), Words(again), StringComparison.Ordinal);
        Assert.Equal(0, (await IdeaSeed.LoadAsync(Bot, id)).SupportCount);
    }

    [Fact]
    public async Task Support_OwnIdea_RefusedAndNoButton()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Eigene"), Erika, anonymous: true);

        var card = await ClickAsync(Erika, "ideas.support", id);

        Assert.Contains(Word.De("ideasBrowse.outcome.ownIdea"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.standing.ownAnonymous"), Words(card), StringComparison.Ordinal);
        Assert.Null(Action(card, "ideas.support"));
        Assert.Null(Action(card, "ideas.unsupport"));
        Assert.Equal(0, await SupportsAsync(id));
    }

    [Fact]
    public async Task Support_ClosedIdea_RefusedWithItsStatus()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Fertig"), Lotsin, IdeaStatus.Done);

        var card = await ClickAsync(Erika, "ideas.support", id);

        Assert.Contains(Word.De("ideasBrowse.outcome.closed", Word.De("ideas.status.done")), Words(card), StringComparison.Ordinal);
        Assert.Null(Action(card, "ideas.support"));
        Assert.Equal(0, await SupportsAsync(id));
    }

    [Fact]
    public async Task Support_MergedIdea_PointsToTheTarget()
    {
        var targetTitle = IdeaSeed.Unique("Zielidee");
        var target = await IdeaSeed.IdeaAsync(Bot, targetTitle, Lotsin);
        var merged = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Dublette"), Lotse, IdeaStatus.Merged, adjust: i => i.MergedIntoId = target);

        var card = await ClickAsync(Erika, "ideas.support", merged);

        Assert.Contains(Word.De("ideasBrowse.outcome.closedMerged", target, targetTitle), Words(card), StringComparison.Ordinal);
        var toTarget = Action(card, "ideas.show")!;
        Assert.Equal(target.ToString(System.Globalization.CultureInfo.InvariantCulture), DataOf(toTarget, "ideaId"));
        Assert.Equal(0, await SupportsAsync(merged));
        Assert.Equal(0, await SupportsAsync(target));
    }

    [Fact]
    public async Task Support_TamperedIds_ErrorCardNothingChanges()
    {
        var colleague = TrainingSeed.Colleague(7201);
        JsonObject[] bad = [new() { ["ideaId"] = "1; DROP TABLE ideas" }, new() { ["ideaId"] = 0 }, new() { ["ideaId"] = new JsonArray() }, new()];

        foreach (var verb in new[] { "ideas.support", "ideas.unsupport" })
        {
            var unknown = await TrainingSeed.ClickAsync(Bot, colleague, verb, new JsonObject { ["ideaId"] = "987654321987" });
            Assert.Contains(Word.De("ideasBrowse.error.unknownIdea"), Words(unknown), StringComparison.Ordinal);
            foreach (var data in bad)
                Assert.Contains(Word.De("ideasBrowse.error.badRequest"), Words(await TrainingSeed.ClickAsync(Bot, colleague, verb, data.DeepClone().AsObject())), StringComparison.Ordinal);
        }
        Assert.Equal(0, await SupportsOfAsync(colleague));
    }

    [Fact]
    public async Task Support_InEnglish_WordsByKey()
    {
        var colleague = TrainingSeed.Colleague(7202);
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Englisch"), Lotsin);

        var body = await Bot.InvokeAsync(Execute(Bot, colleague, "ideas.support", Json(id), conversationId: TrainingSeed.Chat(colleague), locale: "en-US"));
        var card = TrainingSeed.Card(body)!;

        Assert.Contains(Word.En("ideasBrowse.outcome.added"), Words(card), StringComparison.Ordinal);
        Assert.Equal(Word.En("ideasBrowse.supports.one"), Facts(card)[Word.En("ideasBrowse.fact.supports")]);
    }
}

[Collection(IdeasCollections.Sqlite)]
public sealed class SupportTests_Sqlite(SqliteIdeasBot bot) : SupportTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class SupportTests_Postgres(PostgresIdeasBot bot) : SupportTests<PostgresIdeasBot>(bot);
