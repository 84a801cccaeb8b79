using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Ideas.BrowseCards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// "meine ideen": what a colleague submitted (an anonymous idea too, shown to its author only), came to through a
/// merge, and supports, each with its status and the Lotsen's last public answer; in "meine termine" as a section.
/// Each test uses its own colleague, as the database is shared. Through HTTP on SQLite and PostgreSQL.
/// </summary>
public abstract class MineTests<TBot>(TBot fixture) where TBot : IdeasBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private Task<JsonObject> MineAsync(Persona p) => TrainingSeed.ClickAsync(Bot, p, "ideas.mine");

    private Task<int> AnswerAsync(long ideaId, string text, bool isPublic, int daysAgo) => Bot.WithDbAsync(async db =>
    {
        db.IdeaEvents().Add(new IdeaEvent
        {
            IdeaId = ideaId, Kind = IdeaEventKind.Comment, Public = isPublic, Text = text, ActorName = Lotse.Name,
            CreatedAtUtc = DateTime.UtcNow.AddDays(-daysAgo),
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Mine_AnonymousIdea_ShownToItsAuthorOnly()
    {
        var author = TrainingSeed.Colleague(7301);
        var title = IdeaSeed.Unique("Anonym");
        var id = await IdeaSeed.IdeaAsync(Bot, title, author, anonymous: true);

        var own = await MineAsync(author);
        var other = await MineAsync(TrainingSeed.Colleague(7302));

        var row = Words(Row(own, id));
        Assert.Contains(title, row, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.mine.anonymous"), row, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.mine.authored"), Words(own), StringComparison.Ordinal);
        Assert.DoesNotContain(title, Words(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_SupportedIdea_LastPublicAnswerNeverInternal_AndWithdraw()
    {
        var supporter = TrainingSeed.Colleague(7303);
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Unterstützt"), Lotsin, IdeaStatus.InReview);
        await IdeaSeed.SupportAsync(Bot, id, supporter);
        var secret = "INTERN " + Guid.NewGuid().ToString("N");
        await AnswerAsync(id, "Erste öffentliche Antwort", true, 3);
        await AnswerAsync(id, "Neueste öffentliche Antwort", true, 2);
        await AnswerAsync(id, secret, false, 1);

        var card = await MineAsync(supporter);

        var row = Row(card, id);
        Assert.Contains(Word.De("ideasBrowse.mine.supported"), Words(card), StringComparison.Ordinal);
        Assert.Matches(Word.DePattern("ideasBrowse.mine.lastAnswer"), Words(row));
        Assert.Contains("Neueste öffentliche Antwort", Words(row), StringComparison.Ordinal);
        Assert.DoesNotContain("Erste öffentliche Antwort", Words(row), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.status", Word.De("ideas.status.inReview")), Words(row), StringComparison.Ordinal);
        var withdraw = Action(row, "ideas.unsupport")!;
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), DataOf(withdraw, "ideaId"));
    }

    [Fact]
    public async Task Mine_IdeaMergedIntoAnother_ShowsTheTargetOnce()
    {
        var author = TrainingSeed.Colleague(7304);
        var target = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Zusammen"), Lotsin);
        var merged = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Meine Dublette"), author, IdeaStatus.Merged, adjust: i => i.MergedIntoId = target);
        await Bot.WithDbAsync(async db =>
        {
            // What a merge does: the merged idea's authors come along to the target.
            db.IdeaAuthors().Add(new IdeaAuthor { IdeaId = target, OriginalIdeaId = merged, UserAadObjectId = author.AadObjectId, TenantId = BotFixture.TenantId, Name = author.Name, CreatedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var loner = TrainingSeed.Colleague(7305);
        var alone = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Allein zusammengeführt"), loner, IdeaStatus.Merged, adjust: i => i.MergedIntoId = target);

        var card = await MineAsync(author);
        var lonerCard = await MineAsync(loner);

        Assert.Equal([target], Rows(card).Select(r => long.Parse(Head(r)[1..Head(r).IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(Word.De("ideasBrowse.mine.fromMerge", merged), Words(Row(card, target)), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasBrowse.mergedInto", target), Words(Row(lonerCard, alone)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_Nothing_EmptyWithAButtonToSubmit()
    {
        var card = await MineAsync(TrainingSeed.Colleague(7306));

        Assert.Contains(Word.De("ideasBrowse.mine.empty"), Words(card), StringComparison.Ordinal);
        Assert.Equal(Word.De("ideasBrowse.action.submit"), Action(card, "ideas.start")!["title"]!.GetValue<string>());
        Assert.Empty(Rows(card));
    }

    [Fact]
    public async Task Mine_TypedInAChannel_AnsweredInThePersonalChatOnly()
    {
        var author = TrainingSeed.Colleague(7307);
        var title = IdeaSeed.Unique("Geheim anonym");
        await IdeaSeed.IdeaAsync(Bot, title, author, anonymous: true);
        var channel = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";
        var typed = Message(Bot, author, "meine ideen", channel, "channel");

        await Bot.PostAsync(typed);
        var reply = await Bot.Connector.WaitForReplyToAsync(channel, typed["id"]!.GetValue<string>());

        Assert.Null(CardIn(reply));
        Assert.Equal(Word.De("error.privateReply"), reply.Body!["text"]!.GetValue<string>());
        Assert.DoesNotContain(title, reply.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_MeineTermine_HasTheIdeasSection()
    {
        var person = TrainingSeed.Colleague(7308);
        await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Termine"), person);
        var other = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Fremd"), Lotsin);
        await IdeaSeed.SupportAsync(Bot, other, person);

        var card = await TrainingSeed.ClickAsync(Bot, person, "myitems.show");

        Assert.Contains($"{Word.De("ideasBrowse.section.authored.one")}, {Word.De("ideasBrowse.section.supported.one")}", Words(card), StringComparison.Ordinal);
        Assert.Equal(Word.De("ideasBrowse.section.show"), Action(card, "ideas.mine")!["title"]!.GetValue<string>());
    }
}

[Collection(IdeasCollections.Sqlite)]
public sealed class MineTests_Sqlite(SqliteIdeasBot bot) : MineTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class MineTests_Postgres(PostgresIdeasBot bot) : MineTests<PostgresIdeasBot>(bot);
