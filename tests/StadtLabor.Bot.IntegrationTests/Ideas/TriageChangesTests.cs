using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// The Lotsen's side, part two: statuses (told to authors and supporters in their language, a rejection only with a
/// reason), comments public or internal, merging (people carried over and told, anonymous stays anonymous), tags.
/// </summary>
public abstract class TriageChangesTests<TBot>(TBot fixture) : TriageTestsBase<TBot>(fixture) where TBot : BotFixture
{
    private static readonly Persona Paul = TrainingSeed.Colleague(7311);
    private static readonly Persona Lena = TrainingSeed.Colleague(7312);
    private static readonly Persona Tom = TrainingSeed.Colleague(7313);

    [Fact]
    public async Task Status_InReviewAcceptedDone_AuthorAndSupporterToldInTheirLanguageOnce()
    {
        var title = IdeaSeed.Unique("Ratsinformationen als App");
        var id = await IdeaSeed.IdeaAsync(Bot, title, Erika);
        await SupportAsync(id, Paul, "en");
        await PostToChannelAsync(id);

        var card = await ShowAsync(Lotse, id);
        var review = await ClickAsync(Lotse, "ideasTriage.status", Data(id, VersionOn(card), ("status", "inReview")));
        var twice = await ClickAsync(Lotse, "ideasTriage.status", Data(id, VersionOn(card), ("status", "inReview")));
        var accepted = await ClickAsync(Lotse, "ideasTriage.status", Data(id, VersionOn(review), ("status", "accepted")));
        await ClickAsync(Lotse, "ideasTriage.status", Data(id, VersionOn(accepted), ("status", "done")));

        Assert.Contains(Word.De("ideasTriage.done.status", id, Word.De("ideas.status.inReview")), Words(review), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.done.alreadyStatus", id, Word.De("ideas.status.inReview")), Words(twice), StringComparison.Ordinal);
        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal(IdeaStatus.Done, idea.Status);
        Assert.NotNull(idea.ClosedAtUtc);
        Assert.NotNull(idea.FirstPublicAnswerAtUtc);
        var changes = (await IdeaSeed.EventsAsync(Bot, id)).Where(e => e.Kind == IdeaEventKind.StatusChanged).ToList();
        Assert.Equal([IdeaStatus.InReview, IdeaStatus.Accepted, IdeaStatus.Done], changes.Select(e => e.ToStatus!.Value));
        foreach (var change in changes)
        {
            var told = await NoticesAsync(change.Id);
            Assert.Equal(2, told.Count);
            var status = change.ToStatus!.Value.Key();
            Assert.Contains(Word.De("ideasTriage.notice.status", id, title, Word.De("ideas.status." + status)), Words(told[Erika.AadObjectId]), StringComparison.Ordinal);
            Assert.Contains(Word.En("ideasTriage.notice.status", id, title, Word.En("ideas.status." + status)), Words(told[Paul.AadObjectId]), StringComparison.Ordinal);
            Assert.Contains("ideas.show", Verbs(told[Erika.AadObjectId]));
        }
        Assert.Equal(3, (await ChannelUpdatesAsync(id)).Count);
    }

    [Fact]
    public async Task Reject_WithoutReasonRefused_WithReasonToldToTheSubmitter()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Faxgerät abschaffen"), Erika);
        var version = VersionOn(await ShowAsync(Lotse, id));

        var refused = await ClickAsync(Lotse, "ideasTriage.status", Data(id, version, ("status", "rejected"), ("reason", "   ")));
        Assert.Contains(Word.De("ideasTriage.show.reasonError"), Words(refused), StringComparison.Ordinal);
        Assert.Equal((IdeaStatus.Submitted, version), ((await IdeaSeed.LoadAsync(Bot, id)).Status, (await IdeaSeed.LoadAsync(Bot, id)).Version));

        const string reason = "Das Land stellt im Frühjahr ein eigenes System bereit.";
        await ClickAsync(Lotse, "ideasTriage.status", Data(id, VersionOn(refused), ("status", "rejected"), ("reason", reason)));

        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal(IdeaStatus.Rejected, idea.Status);
        var change = Assert.Single(await IdeaSeed.EventsAsync(Bot, id), e => e.Kind == IdeaEventKind.StatusChanged);
        Assert.Equal((reason, true), (change.Text, change.Public));
        Assert.Contains(Word.De("ideasTriage.notice.reason", reason), Words((await NoticesAsync(change.Id))[Erika.AadObjectId]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_InternalNotTold_PublicToldAndFirstAnswer()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Parkausweise digital"), Erika);
        await SupportAsync(id, Paul, "de");
        JsonObject Comment(string text, string visibility) => new() { ["ideaId"] = id, ["text"] = text, ["visibility"] = visibility };

        var note = await ClickAsync(Lotse, "ideasTriage.comment", Comment("Frag beim Ordnungsamt nach.", "internal"));
        await ClickAsync(Lotse, "ideasTriage.comment", Comment("Frag beim Ordnungsamt nach.", "internal"));
        Assert.Null((await IdeaSeed.LoadAsync(Bot, id)).FirstPublicAnswerAtUtc);
        var answer = await ClickAsync(Lotse, "ideasTriage.comment", Comment("Danke! Wir prüfen das mit dem Ordnungsamt.", "public"));
        var empty = await ClickAsync(Lotse, "ideasTriage.comment", Comment("", "public"));

        Assert.Contains(Word.De("ideasTriage.history.commentInternal", Lotse.Name, "Frag beim Ordnungsamt nach."), Words(note), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.done.commentPublic"), Words(answer), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.show.commentError"), Words(empty), StringComparison.Ordinal);
        var comments = (await IdeaSeed.EventsAsync(Bot, id)).Where(e => e.Kind == IdeaEventKind.Comment).ToList();
        Assert.Equal([false, true], comments.Select(c => c.Public));
        Assert.Empty(await NoticesAsync(comments[0].Id));
        var told = await NoticesAsync(comments[1].Id);
        Assert.Equal([Erika.AadObjectId, Paul.AadObjectId], told.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Danke! Wir prüfen das mit dem Ordnungsamt.", Words(told[Erika.AadObjectId]), StringComparison.Ordinal);
        Assert.DoesNotContain("Ordnungsamt nach", Words(told[Erika.AadObjectId]), StringComparison.Ordinal);
        Assert.NotNull((await IdeaSeed.LoadAsync(Bot, id)).FirstPublicAnswerAtUtc);
    }

    [Fact]
    public async Task Merge_AnonymousIntoOther_PeopleCarriedOverToldAndStillAnonymous()
    {
        var source = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Termine online buchen"), Erika, anonymous: true);
        var target = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Online-Terminvergabe Bürgerbüro"), Lena);
        await SupportAsync(source, Paul, "de");
        await SupportAsync(source, Tom, "en");
        await SupportAsync(target, Paul, "de");
        await PostToChannelAsync(target);

        var form = await ClickAsync(Lotse, "ideasTriage.mergeForm", new JsonObject { ["ideaId"] = source });
        var self = await ClickAsync(Lotse, "ideasTriage.merge", Data(source, VersionOn(form), ("targetId", source.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains(Word.De("ideasTriage.merge.targetSame"), Words(self), StringComparison.Ordinal);
        var merged = await ClickAsync(Lotse, "ideasTriage.merge", Data(source, VersionOn(form), ("targetId", target.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        await ClickAsync(Lotse, "ideasTriage.merge", Data(source, VersionOn(form), ("targetId", target.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var from = await IdeaSeed.LoadAsync(Bot, source);
        var into = await IdeaSeed.LoadAsync(Bot, target);
        Assert.Equal((IdeaStatus.Merged, (long?)target, 0), (from.Status, from.MergedIntoId, from.SupportCount));
        Assert.Equal((IdeaStatus.Submitted, 2, false), (into.Status, into.SupportCount, into.Anonymous));
        var authors = await Bot.WithDbAsync(db => db.IdeaAuthors().AsNoTracking().Where(a => a.IdeaId == target).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([Lena.AadObjectId, Erika.AadObjectId], authors.Select(a => a.UserAadObjectId));
        Assert.Equal((true, "", source), (authors[1].Anonymous, authors[1].Name, authors[1].OriginalIdeaId));
        var supporters = await Bot.WithDbAsync(db => db.IdeaSupports().AsNoTracking().Where(s => s.IdeaId == target).Select(s => s.UserAadObjectId).ToListAsync());
        Assert.Equal([Paul.AadObjectId, Tom.AadObjectId], supporters.Order(StringComparer.Ordinal));

        var away = Assert.Single(await IdeaSeed.EventsAsync(Bot, source), e => e.Kind == IdeaEventKind.Merged);
        var joined = Assert.Single(await IdeaSeed.EventsAsync(Bot, target), e => e.Kind == IdeaEventKind.Merged);
        var toldAway = await NoticesAsync(away.Id);
        Assert.Equal(new[] { Erika.AadObjectId, Paul.AadObjectId, Tom.AadObjectId }.Order(StringComparer.Ordinal), toldAway.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(Word.De("ideasTriage.notice.mergedAway", target, into.Title), Words(toldAway[Erika.AadObjectId]), StringComparison.Ordinal);
        Assert.Contains(Word.En("ideasTriage.notice.mergedAway", target, into.Title), Words(toldAway[Tom.AadObjectId]), StringComparison.Ordinal);
        var toldJoined = await NoticesAsync(joined.Id);
        Assert.Equal(new[] { Lena.AadObjectId, Paul.AadObjectId }.Order(StringComparer.Ordinal), toldJoined.Keys.Order(StringComparer.Ordinal));

        Assert.Contains(Word.De("ideasTriage.done.merged", source, target), Words(merged), StringComparison.Ordinal);
        var triage = await ShowAsync(Lotsin, target);
        var channel = CardOf((await ChannelUpdatesAsync(target))[^1]);
        foreach (var card in new[] { merged, triage, channel })
        {
            Assert.DoesNotContain(Erika.Name, card.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Erika.AadObjectId, card.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Contains(Lena.Name, Words(triage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_ChosenAndTyped_NormalisedAndDepartmentChecked()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Laptops für den Außendienst"), Erika);
        var form = await ClickAsync(Lotse, "ideasTriage.tagsForm", new JsonObject { ["ideaId"] = id });

        var refused = await ClickAsync(Lotse, "ideasTriage.tags", Data(id, VersionOn(form), ("tags", "hardware"), ("moreTags", ""), ("department", "Geheimdienst")));
        Assert.Contains(Word.De("ideasTriage.tagsForm.departmentError"), Words(refused), StringComparison.Ordinal);
        var saved = await ClickAsync(Lotse, "ideasTriage.tags", Data(id, VersionOn(form), ("tags", "hardware,prozess"), ("moreTags", " Außendienst ,HARDWARE, Mobiles  Arbeiten"), ("department", "ordnungsamt")));

        Assert.Contains(Word.De("ideasTriage.done.tags", id), Words(saved), StringComparison.Ordinal);
        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal(("hardware,prozess,außendienst,mobiles arbeiten", "Ordnungsamt"), (idea.Tags, idea.Department));
        Assert.Single(await IdeaSeed.EventsAsync(Bot, id), e => e.Kind == IdeaEventKind.Tagged);
        Assert.Empty(await OutboxAsync($"ideas.notice:{(await IdeaSeed.EventsAsync(Bot, id)).Last().Id}:"));
    }
}

[Collection(IdeasCollections.Sqlite)]
public sealed class TriageChangesTests_Sqlite(SqliteIdeasBot bot) : TriageChangesTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class TriageChangesTests_Postgres(PostgresIdeasBot bot) : TriageChangesTests<PostgresIdeasBot>(bot);
